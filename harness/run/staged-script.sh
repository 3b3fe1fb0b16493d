#!/usr/bin/env bash
# Writes one batch of a long script's pieces into a file inside the sandbox (staged-script.ts):
# $1 the file, $2 "first" (start FILE.part afresh) or "more" (append to it), $3 "last" (then
# FILE.part becomes FILE) or "more"; the other arguments are the pieces, written as they are.
file=$1 start=$2 end=$3
shift 3
if [ "$start" = first ]; then
  mkdir -p "${file%/*}" && printf %s "$@" > "$file.part"
else
  printf %s "$@" >> "$file.part"
fi && if [ "$end" = last ]; then mv "$file.part" "$file"; fi
