#!/bin/sh
# netrecipes: what a step's `tcpdump` runs (first on its PATH). Without --immediate-mode libpcap
# hands packets over a buffer at a time, and the packets of a buffer not yet handed over are lost
# when the capture is stopped ("0 packets captured, 2 received by filter"); with it every packet
# is printed as it arrives, so a capture stopped right after the traffic is complete. The rest of
# the command line is the author's, unchanged.
self=${0%/*}
IFS=:
for dir in $PATH; do
  if [ "$dir" != "$self" ] && [ -x "$dir/tcpdump" ]; then exec "$dir/tcpdump" --immediate-mode "$@"; fi
done
echo "tcpdump: command not found" >&2
exit 127
