# Goes first in the script that starts a netns sandbox (netns/sandbox-root.sh):
# closes every file descriptor above 2, so that nothing the harness inherited from whoever
# started it (a directory descriptor above all, which would open the host's file tree from
# inside) reaches a sandbox.
for fd in /proc/$$/fd/*; do
  fd=${fd##*/}
  case $fd in 0 | 1 | 2) ;; *) eval "exec $fd>&-" 2>/dev/null ;; esac
done
