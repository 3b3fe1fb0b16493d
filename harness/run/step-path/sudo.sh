#!/bin/bash
# netrecipes: what a step's `sudo` runs (first on its PATH). A step already runs as the sandbox's
# root, so sudo runs its command, as the tutorial meant: its options are read and dropped, leading
# NAME=value words set the environment, and `-u USER` (another user than root) runs it as that
# user (runuser). Without a command (`sudo -i`, `sudo -s`) it runs a shell.
user=
while [ $# -gt 0 ]; do
  case $1 in
    --) shift; break ;;
    -u | --user) user=$2; shift 2 ;;
    --user=*) user=${1#*=}; shift ;;
    -u?*) user=${1#-u}; shift ;;
    -g | -h | -p | -C | -D | -r | -t | -T | -U | --group | --host | --prompt | --close-from | --chdir | --role | --type | --command-timeout | --other-user) shift 2 ;;
    -*) shift ;;
    *) break ;;
  esac
done
env=()
while [ $# -gt 0 ] && [[ $1 == [A-Za-z_]*=* ]]; do env+=("$1"); shift; done
[ $# -gt 0 ] || set -- bash
if ! command -v "$1" >/dev/null; then echo "sudo: $1: command not found" >&2; exit 127; fi
case $user in
  '' | root | '#0') exec env "${env[@]}" "$@" ;;
  *) exec runuser -u "$user" -- env "${env[@]}" "$@" ;;
esac
