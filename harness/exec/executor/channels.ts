// The channels an executor client can talk over, besides a held process's stdio
// (held-process.ts): a unix socket (a guest's agent port, a container's executor), and a process
// that another executor runs with its stdio relayed (a sandbox's executor inside a guest).
import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { Channel } from './client.js';
import type { ExecutorProcess } from './started-process.js';

export function socketChannel(sock: Socket): Channel {
  return {
    write: (text) => void sock.write(text),
    listen: (onData, onEnd) => {
      sock.setEncoding('utf8');
      sock.on('data', onData);
      sock.once('close', onEnd);
      sock.on('error', () => sock.destroy());
    },
    close: () => sock.destroy(),
  };
}

/** The stdin and stdout of `p` (started with `relay`, so nothing is capped or kept); closing it closes p's stdin. */
export function relayChannel(p: ExecutorProcess): Channel {
  return {
    write: (text) => p.write(text),
    listen: (onData, onEnd) => {
      const decoder = new StringDecoder('utf8');
      p.onOutput((data, stream) => stream === 'out' && onData(decoder.write(data)));
      void p.done.then(() => onEnd());
    },
    close: () => p.closeStdin(),
  };
}
