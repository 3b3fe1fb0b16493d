#!/usr/bin/python3
# The harness's hands inside a QEMU guest. It speaks JSON lines over a virtio-serial port (the
# guest has no network at all): the harness asks it to spawn an argv, feed or close its stdin,
# signal its process tree, or power off; it answers with the pid, output chunks (base64) and the
# exit status. Each command runs in its own session so that a whole tree can be killed.
import base64, json, os, signal, subprocess, sys, threading, time

PORT = sys.argv[1] if len(sys.argv) > 1 else '/dev/virtio-ports/netrecipes.agent'
ENV = {'PATH': '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'LC_ALL': 'C', 'LANG': 'C', 'HOME': '/root', 'TERM': 'dumb'}
MAX_CHUNK = 32768

fd = os.open(PORT, os.O_RDWR)
send_lock = threading.Lock()
procs = {}


def send(msg):
    data = (json.dumps(msg, separators=(',', ':')) + '\n').encode()
    with send_lock:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]


def children_map():
    kids = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(')') + 2:].split(' ')[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def descendants(root):
    kids, out, queue = children_map(), [], [root]
    while queue:
        for c in kids.get(queue.pop(0), []):
            out.append(c)
            queue.append(c)
    return out


def kill(pid, sig):
    try:
        os.kill(pid, sig)
    except OSError:
        pass


def pump(req_id, stream, name):
    while True:
        chunk = stream.read1(MAX_CHUNK) if hasattr(stream, 'read1') else stream.read(MAX_CHUNK)
        if not chunk:
            break
        send({'id': req_id, name: base64.b64encode(chunk).decode()})


def spawn(msg):
    req_id = msg['id']
    try:
        p = subprocess.Popen(msg['argv'], stdin=subprocess.PIPE if msg.get('stdin') else subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, cwd='/', start_new_session=True)
    except OSError as e:
        send({'id': req_id, 'error': f'{msg["argv"][0]}: {e.strerror}'})
        return
    procs[req_id] = p
    send({'id': req_id, 'pid': p.pid})
    pumps = [threading.Thread(target=pump, args=(req_id, p.stdout, 'out'), daemon=True),
             threading.Thread(target=pump, args=(req_id, p.stderr, 'err'), daemon=True)]
    for t in pumps:
        t.start()

    def wait():
        code = p.wait()
        for t in pumps:
            t.join()
        procs.pop(req_id, None)
        send({'id': req_id, 'exit': code if code >= 0 else None, 'signal': signal.Signals(-code).name if code < 0 else None})
    threading.Thread(target=wait, daemon=True).start()


def signal_tree(msg):
    p = procs.get(msg['id'])
    if not p:
        return
    sig = getattr(signal, msg.get('signal', 'SIGKILL'))
    tree = descendants(p.pid)
    if not msg.get('descendantsOnly'):
        kill(-p.pid, sig)
        kill(p.pid, sig)
    for pid in tree:
        kill(pid, sig)


def handle(msg):
    op = msg.get('op')
    if op == 'spawn':
        spawn(msg)
    elif op == 'stdin':
        p = procs.get(msg['id'])
        if p and p.stdin:
            try:
                if 'data' in msg:
                    p.stdin.write(base64.b64decode(msg['data']))
                    p.stdin.flush()
                if msg.get('close'):
                    p.stdin.close()
            except OSError:
                pass
    elif op == 'signal':
        signal_tree(msg)
    elif op == 'ping':
        send({'id': msg['id'], 'pong': os.uname().release})
    elif op == 'poweroff':
        os.sync()
        with open('/proc/sysrq-trigger', 'w') as f:
            f.write('o')


def main():
    buf = b''
    while True:
        try:
            data = os.read(fd, 65536)
        except InterruptedError:
            continue
        if not data:
            time.sleep(0.05)  # the harness is not connected (yet or any more)
            continue
        buf += data
        while b'\n' in buf:
            line, buf = buf.split(b'\n', 1)
            if line.strip():
                try:
                    handle(json.loads(line))
                except Exception as e:  # a bad request must not take the agent down
                    send({'id': None, 'error': f'agent: {e!r}'})


main()
