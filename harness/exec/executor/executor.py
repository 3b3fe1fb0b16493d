# The resident executor: the one process that starts commands for the harness, itself started
# from inside the place it serves, so that nothing with the host's credentials ever joins a
# sandbox. One program, three places:
#   executor.py --init --harden            PID 1 of a netns sandbox (here or in a guest): requests
#                                          on fd 0, answers on fd 1 (a socket only the harness holds)
#   executor.py --init --harden --listen S PID 1 of a container: takes one connection on the unix
#                                          socket S, then removes S
#   executor.py --port DEVICE              a QEMU guest's agent (guest root) on a virtio-serial port
#
# Protocol (harness/exec/executor/protocol.ts speaks the other side): one message per line, fields
# separated by one space; B64 is base64, lists are NUL-joined before encoding, `-` is "none".
#   spawn ID FLAGS ARGV ENV [INPUT]   fork+exec in a session of its own. FLAGS: comma list of
#                                     stdin (keep stdin open), relay (no output cap),
#                                     tty=ROWSxCOLS and noecho (a terminal of its own), or -
#   stdin ID B64|- [close]   signal ID SIGNAME [tree]   resize ID ROWS COLS   ping ID   poweroff
# Answers:
#   hello PID RELEASE   pid ID PID   out ID B64   err ID B64   cut ID   exit ID CODE|- SIGNAL|-
#   error ID B64   pong ID RELEASE
# `exit` comes after the process ended and its output was read to the end. `tree` signals the
# process's session and every descendant. Output is kept up to MAX_OUTPUT bytes per stream
# (then `cut`; the rest is read and dropped).
# Python with only C-level modules: python3 is in every image and guest the harness makes, and
# this starts in about as long as the interpreter does (docs/architecture.md has the numbers).
import os, sys, select, termios, fcntl, struct, resource, time, _signal
from binascii import a2b_base64, b2a_base64

MAX_OUTPUT = 4 * 1024 * 1024
CHUNK = 65536
# After a command ends, how long its output may still come from what it left running (`cmd &`,
# a daemon that kept its stdout): then it counts as ended, as a terminal's prompt returns.
LINGER_S = 0.25
# A step may lower PID 1's own limits (prlimit --pid 1): they are put back before each command.
LIMITS = [resource.RLIMIT_NOFILE, resource.RLIMIT_NPROC, resource.RLIMIT_AS, resource.RLIMIT_DATA,
          resource.RLIMIT_STACK, resource.RLIMIT_FSIZE, resource.RLIMIT_CPU, resource.RLIMIT_MEMLOCK]
PR_GET_DUMPABLE, PR_SET_DUMPABLE, PR_SET_NAME, PR_CAPBSET_DROP = 3, 4, 15, 24
PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, CAP_SYS_PTRACE = 47, 4, 19
SIGNAL_NUMBER = {n: getattr(_signal, n) for n in dir(_signal) if n.startswith('SIG') and not n.startswith('SIG_')}
SIGNAL_NAME = {v: n for n, v in sorted(SIGNAL_NUMBER.items(), reverse=True) if n not in ('SIGIOT', 'SIGCLD', 'SIGPOLL')}
CATCHABLE = [n for n in SIGNAL_NAME if n not in (_signal.SIGKILL, _signal.SIGSTOP)]
READ, WRITE = select.EPOLLIN | select.EPOLLHUP | select.EPOLLERR, select.EPOLLOUT


def b64(data):
    return b2a_base64(data, newline=False)


def unlist(field):
    return [] if field == b'-' else [x.decode() for x in a2b_base64(field).split(b'\0')]


def prctl(*args):
    try:
        from _ctypes import dlopen, dlsym, call_function  # ctypes itself costs 5 ms to import
        return call_function(dlsym(dlopen(None, 0), 'prctl'), args)
    except ImportError:
        import ctypes
        return ctypes.CDLL(None).prctl(*args)


def capabilities(kind):
    """A capability set of this process (CapInh, CapAmb, CapBnd...) as a number."""
    with open('/proc/self/status') as f:
        return int(next(line.split()[1] for line in f if line.startswith(kind + ':')), 16)


def clear_inheritable():
    import ctypes  # only where a caller left inheritable capabilities (an old Docker)

    class Header(ctypes.Structure):
        _fields_ = [('version', ctypes.c_uint32), ('pid', ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [('effective', ctypes.c_uint32), ('permitted', ctypes.c_uint32), ('inheritable', ctypes.c_uint32)]

    libc, header, data = ctypes.CDLL(None), Header(0x20080522, 0), (Data * 2)()
    if libc.capget(ctypes.byref(header), data) == 0:
        data[0].inheritable = data[1].inheritable = 0
        libc.capset(ctypes.byref(header), data)


def harden():
    """No step may reach this process (it holds the channel): steps lose CAP_SYS_PTRACE (bounding,
    inheritable and ambient sets alike) and this process is not dumpable, so ptrace, /proc/1/fd
    and pidfd_getfd would need that capability. Named apart from python3, so that
    `pgrep -x python3` finds a step's server, never this. Checked, and fatal when it did not hold."""
    prctl(PR_SET_NAME, b'netrecipes-exec', 0, 0, 0)
    prctl(PR_CAPBSET_DROP, CAP_SYS_PTRACE, 0, 0, 0)
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    if capabilities('CapInh') & (1 << CAP_SYS_PTRACE):
        clear_inheritable()
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    left = [kind for kind in ('CapBnd', 'CapInh', 'CapAmb') if capabilities(kind) & (1 << CAP_SYS_PTRACE)]
    if left or prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0:
        sys.exit(f'netrecipes executor: cannot keep steps from tracing it ({", ".join(left) or "still dumpable"} after hardening)')


def first_to_go(pid):
    # A sandbox's memory limit, when reached, kills the process the kernel rates worst: make that
    # a command's, never PID 1 (the executor, whose end is the sandbox's). Raising a score needs
    # no privilege; whatever it forks inherits it. Also first to go if the machine runs short.
    try:
        fd = os.open(f'/proc/{pid}/oom_score_adj', os.O_WRONLY)
        try:
            os.write(fd, b'1000')
        finally:
            os.close(fd)
    except OSError:
        pass


def kill(pid, sig):
    try:
        os.kill(pid, sig)
    except OSError:
        pass


def descendants(root):
    kids = {}
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open(f'/proc/{entry}/stat', 'rb') as f:
                    stat = f.read()
            except OSError:
                continue
            kids.setdefault(int(stat[stat.rindex(b')') + 2:].split(b' ')[1]), []).append(int(entry))
    out, queue = [], [root]
    while queue:
        for child in kids.get(queue.pop(), []):
            out.append(child)
            queue.append(child)
    return out


class Proc:
    def __init__(self, pid, streams, stdin, tty, cap):
        self.pid, self.stdin, self.tty, self.cap = pid, stdin, tty, cap
        self.open = streams  # fd -> b'out' | b'err'
        self.sent = {b'out': 0, b'err': 0}
        self.status = None
        self.pending = b''
        self.close_stdin = False


class Executor:
    def __init__(self, rfd, wfd, init, wait_for_harness):
        self.rfd, self.wfd, self.init, self.wait_for_harness = rfd, wfd, init, wait_for_harness
        self.buf = b''
        self.procs = {}  # id -> Proc
        self.by_pid = {}
        self.by_fd = {}  # fd -> (id, Proc, 'out' | 'in')
        self.env = [f'{k}={v}' for k, v in os.environ.items() if not k.startswith('NETRECIPES_')]
        self.limits = {res: resource.getrlimit(res) for res in LIMITS}
        self.lingering = {}  # rid -> when its streams stop being waited for
        self.release = os.uname().release.encode()
        self.poll = select.epoll()
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_w, False)
        _signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
        _signal.signal(_signal.SIGCHLD, lambda *_: None)
        _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
        self.wake = wake_r
        self.watched = {}
        self.watch(wake_r, READ)
        self.watch(rfd, READ)

    def send(self, *fields):
        view = memoryview(b' '.join(f if isinstance(f, bytes) else str(f).encode() for f in fields) + b'\n')
        try:
            while view:
                view = view[os.write(self.wfd, view):]
        except OSError:
            self.channel_closed()

    def channel_closed(self):
        if self.wait_for_harness:  # a guest's port: the harness may connect (again) later
            select.select([], [], [], 0.05)
            return
        if self.init:
            kill(-1, _signal.SIGKILL)  # PID 1: everything in the sandbox ends with it
        os._exit(0)

    # --- starting ------------------------------------------------------------------------------
    def spawn(self, rid, flags, argv, env, data=None):
        self.restore_limits()
        flags = [] if flags == b'-' else flags.decode().split(',')
        argv, env = unlist(argv), self.env + unlist(env)
        tty = next((f[4:] for f in flags if f.startswith('tty=')), None)
        opened, actions = [], []
        try:
            if tty:
                rows, cols = (int(x) for x in tty.split('x'))
                master, slave = os.openpty()
                opened += [master, slave]
                mode = termios.tcgetattr(slave)
                if 'noecho' in flags:
                    mode[3] &= ~(termios.ECHO | termios.ECHONL)
                termios.tcsetattr(slave, termios.TCSANOW, mode)
                fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
                # opened (not inherited) after setsid: it becomes the session's controlling terminal
                actions = [(os.POSIX_SPAWN_OPEN, 0, os.ttyname(slave), os.O_RDWR, 0), (os.POSIX_SPAWN_DUP2, 0, 1), (os.POSIX_SPAWN_DUP2, 0, 2)]
                streams, stdin = {master: b'out'}, master
            else:
                out_r, out_w = os.pipe()
                err_r, err_w = os.pipe()
                opened += [out_r, out_w, err_r, err_w]
                stdin = None
                if 'stdin' in flags or data is not None:
                    in_r, stdin = os.pipe()
                    opened += [in_r, stdin]
                    actions.append((os.POSIX_SPAWN_DUP2, in_r, 0))
                else:
                    actions.append((os.POSIX_SPAWN_OPEN, 0, '/dev/null', os.O_RDONLY, 0))
                actions += [(os.POSIX_SPAWN_DUP2, out_w, 1), (os.POSIX_SPAWN_DUP2, err_w, 2)]
                streams = {out_r: b'out', err_r: b'err'}
            pid = os.posix_spawnp(argv[0], argv, dict(e.split('=', 1) for e in env), file_actions=actions, setsid=True, setsigdef=CATCHABLE, setsigmask=[])
        except (OSError, IndexError, ValueError) as e:
            for fd in opened:
                os.close(fd)
            self.send(b'error', rid, b64(f'{argv[0] if argv else "(no command)"}: {getattr(e, "strerror", None) or e}'.encode()))
            return
        if self.init:
            first_to_go(pid)
        for fd in opened:
            if fd not in streams and fd != stdin:
                os.close(fd)
        if stdin is not None:
            os.set_blocking(stdin, False)  # a terminal's master too: read until EAGAIN when its shell ends
        # a terminal is never cut off: a shell outlives many commands (a session caps per command)
        proc = Proc(pid, streams, stdin, bool(tty), 'relay' not in flags and not tty)
        self.procs[rid] = proc
        self.by_pid[pid] = rid
        for fd in streams:
            self.by_fd[fd] = rid
            self.watch(fd, READ)
        if stdin is not None and stdin not in streams:
            self.by_fd[stdin] = rid
        self.send(b'pid', rid, pid)
        if data is not None:
            self.feed(rid, a2b_base64(data), True)

    def restore_limits(self):
        for res, value in self.limits.items():
            if resource.getrlimit(res) != value:
                try:
                    resource.setrlimit(res, value)
                except (ValueError, OSError):
                    pass

    # --- output and exits ----------------------------------------------------------------------
    def read_output(self, rid, proc, fd):
        """Reads once from `fd`; False when there was nothing to read yet."""
        try:
            data = os.read(fd, CHUNK)
        except BlockingIOError:
            return False
        except OSError:  # EIO: a terminal whose other side has closed
            data = b''
        if not data:
            self.close_stream(rid, proc, fd)
            return True
        name = proc.open[fd]
        room = MAX_OUTPUT - proc.sent[name] if proc.cap else len(data)
        if room > 0:
            self.send(name, rid, b64(data[:room]))
        if len(data) > room and proc.sent[name] <= MAX_OUTPUT:
            self.send(b'cut', rid)
            proc.sent[name] = MAX_OUTPUT + 1
        elif room > 0:
            proc.sent[name] += len(data)
        return True

    def close_stream(self, rid, proc, fd):
        del proc.open[fd]
        self.watch(fd, 0)
        if fd != proc.stdin:
            del self.by_fd[fd]
            os.close(fd)
        self.finish_if_done(rid, proc)

    def reap(self):
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            rid = self.by_pid.pop(pid, None)
            proc = self.procs.get(rid)
            if proc is None:
                continue  # an orphan this init adopted
            proc.status = status
            if proc.tty:  # a background job may hold the terminal open: take what is there, then close
                self.cut_off(rid, proc)
            elif proc.open:
                self.lingering[rid] = time.monotonic() + LINGER_S
            self.finish_if_done(rid, proc)

    def cut_off(self, rid, proc):
        """Takes what its streams hold now and stops waiting for more (its process has ended)."""
        for fd in list(proc.open):
            os.set_blocking(fd, False)
            while fd in proc.open and self.read_output(rid, proc, fd):
                pass
            if fd in proc.open:
                self.close_stream(rid, proc, fd)

    def end_lingering(self):
        """Ends the commands whose streams something they left running still holds, LINGER_S after they ended."""
        now = time.monotonic()
        for rid, deadline in list(self.lingering.items()):
            proc = self.procs.get(rid)
            if proc is None or not proc.open:
                del self.lingering[rid]
            elif now >= deadline:
                del self.lingering[rid]
                self.cut_off(rid, proc)

    def finish_if_done(self, rid, proc):
        if proc.status is None or proc.open or self.procs.get(rid) is not proc:
            return
        del self.procs[rid]
        if proc.stdin is not None:
            self.close_input(proc)
        code = os.waitstatus_to_exitcode(proc.status)
        self.send(b'exit', rid, code if code >= 0 else '-', SIGNAL_NAME.get(-code, '-') if code < 0 else '-')

    # --- input ---------------------------------------------------------------------------------
    def feed(self, rid, data, close):
        proc = self.procs.get(rid)
        if proc is None or proc.stdin is None:
            return
        proc.pending += data
        proc.close_stdin = proc.close_stdin or close
        self.flush(proc)

    def flush(self, proc):
        try:
            while proc.pending:
                proc.pending = proc.pending[os.write(proc.stdin, proc.pending):]
        except BlockingIOError:
            pass
        except OSError:  # the process stopped reading for good
            proc.pending = b''
        reading = READ if proc.stdin in proc.open else 0  # a terminal's master is read and written
        self.watch(proc.stdin, reading | (WRITE if proc.pending else 0))
        if not proc.pending and proc.close_stdin and not proc.tty:
            self.close_input(proc)

    def close_input(self, proc):
        fd, proc.stdin = proc.stdin, None
        if fd not in proc.open:
            self.by_fd.pop(fd, None)
            self.watch(fd, 0)
            os.close(fd)

    def watch(self, fd, mask):
        """Polls `fd` for `mask` (0: not at all)."""
        was = self.watched.get(fd)
        if not mask:
            if was is not None:
                self.poll.unregister(fd)
                del self.watched[fd]
        elif was is None:
            self.poll.register(fd, mask)
            self.watched[fd] = mask
        elif was != mask:
            self.poll.modify(fd, mask)
            self.watched[fd] = mask

    # --- requests ------------------------------------------------------------------------------
    def signal(self, rid, name, scope=b''):
        proc = self.procs.get(rid)
        if proc is None:
            return
        sig = SIGNAL_NUMBER[name.decode()]
        targets = descendants(proc.pid) if scope == b'tree' else []
        if scope == b'tree':
            kill(-proc.pid, sig)  # its session, which is its process group, while a member lives
        if proc.status is None:
            kill(proc.pid, sig)
        for pid in targets:
            kill(pid, sig)

    def handle(self, line):
        op, *args = line.split(b' ')
        if op == b'spawn':
            self.spawn(*args)
        elif op == b'stdin':
            self.feed(args[0], b'' if args[1] == b'-' else a2b_base64(args[1]), args[2:] == [b'close'])
        elif op == b'signal':
            self.signal(*args)
        elif op == b'resize':
            proc = self.procs.get(args[0])
            if proc is not None and proc.tty:
                fcntl.ioctl(proc.stdin, termios.TIOCSWINSZ, struct.pack('HHHH', int(args[1]), int(args[2]), 0, 0))
        elif op == b'ping':
            self.send(b'pong', args[0], self.release)
        elif op == b'poweroff' and not self.init:
            os.sync()
            with open('/proc/sysrq-trigger', 'w') as f:
                f.write('o')
        else:
            raise ValueError(f'unknown request {op[:20]!r}')

    def requests(self):
        data = os.read(self.rfd, CHUNK)
        if not data:
            self.channel_closed()
            return
        self.buf += data
        *lines, self.buf = self.buf.split(b'\n')
        for line in lines:
            if line.strip():
                try:
                    self.handle(line)
                except Exception as e:  # a bad request must not take the executor down
                    self.send(b'error', b'-', b64(f'executor: {e!r}'.encode()))

    def serve(self):
        self.send(b'hello', os.getpid(), self.release)
        while True:
            wait = min(self.lingering.values(), default=None)
            for fd, events in self.poll.poll(-1 if wait is None else max(0.0, wait - time.monotonic())):
                if fd == self.rfd:
                    self.requests()
                elif fd == self.wake:
                    try:
                        os.read(fd, 512)
                    except BlockingIOError:
                        pass
                    self.reap()
                elif fd in self.by_fd:
                    rid = self.by_fd[fd]
                    proc = self.procs.get(rid)
                    if proc is None:
                        continue
                    if events & WRITE and fd == proc.stdin:
                        self.flush(proc)
                    if events & READ and fd in proc.open:
                        self.read_output(rid, proc, fd)
            if self.lingering:
                self.end_lingering()


def main(args):
    def option(name):
        return args[args.index(name) + 1] if name in args else None

    init, port, listen = '--init' in args, option('--port'), option('--listen')
    if '--harden' in args:
        harden()
    os.chdir('/')
    if port:
        rfd = wfd = os.open(port, os.O_RDWR)
    elif listen:
        import socket
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(listen)
        server.listen(1)
        conn, _ = server.accept()
        server.close()
        os.unlink(listen)
        rfd = wfd = conn.detach()
    else:  # the harness holds the other end of fds 0 and 1; no child may inherit them
        rfd, wfd = os.dup(0), os.dup(1)
        null = os.open('/dev/null', os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.close(null)
    Executor(rfd, wfd, init, wait_for_harness=bool(port)).serve()


if __name__ == '__main__':  # a guest's agent, a container's PID 1; a netns sandbox's holder.sh imports it
    main(sys.argv[1:])
