"""The notebook kernel that runs *inside* the sandbox: one long-lived interpreter per episode.

This file is standalone on purpose. The server passes its source to `python -I -S -c` in the sandbox's
runtime, where the server's package is neither importable nor reachable, so it may use only the
standard library and must keep to syntax every supported Python accepts. The server imports it only
for the frame format and the request/reply vocabulary, so both sides share one definition.

Protocol: the server writes length-prefixed JSON requests to one pipe and reads length-prefixed JSON
replies from another. The user's code writes to stdout/stderr, two more pipes the server drains; after
each cell the kernel writes a per-process random token to both, so the server knows where one call's
output ends without trusting anything the code printed.

Before it says "ready" the kernel locks itself down (the server does not trust it after that): a
parent-death signal, its resource limits, child-subreaper status (so double-forked daemons come back to
it and are killed after each cell), SIGXFSZ ignored (an oversized write fails with an error instead of
killing the kernel), and a seccomp filter denying namespaces, ptrace, io_uring, BPF and friends — plus
every socket where there is no network namespace to contain them.
"""

import contextlib
import ctypes
import io
import json
import os
import resource
import signal
import struct
import sys
import time

FRAME = struct.Struct(">I")
MAX_REPLY_BYTES = 1 << 20
MAX_REQUEST_BYTES = 256 << 20

# -- seccomp ----------------------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1
_PR_SET_SECCOMP = 22
_PR_SET_CHILD_SUBREAPER = 36
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_MODE_FILTER = 2

_BPF_LD_W_ABS = 0x20
_BPF_JEQ_K = 0x15
_BPF_JGE_K = 0x35
_BPF_JSET_K = 0x45
_BPF_RET_K = 0x06
_RET_ALLOW = 0x7FFF0000
_RET_KILL_PROCESS = 0x80000000
_RET_ERRNO = 0x00050000

_EPERM, _EACCES, _ENOSYS = 1, 13, 38
# Any of these in clone()'s flags asks for a new namespace.
_CLONE_NEW_MASK = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x80

# Machine -> (index into the number pairs below, AUDIT_ARCH value).
_ARCHES = {"x86_64": (0, 0xC000003E), "aarch64": (1, 0xC00000B7)}
# Syscall -> (x86_64 number, aarch64 number).
_NUMBERS = {
    "socket": (41, 198),
    "clone": (56, 220),
    "clone3": (435, 435),
    "unshare": (272, 97),
    "setns": (308, 268),
    "ptrace": (101, 117),
    "process_vm_readv": (310, 270),
    "process_vm_writev": (311, 271),
    "bpf": (321, 280),
    "perf_event_open": (298, 241),
    "userfaultfd": (323, 282),
    "keyctl": (250, 219),
    "add_key": (248, 217),
    "request_key": (249, 218),
    "io_uring_setup": (425, 425),
    "io_uring_enter": (426, 426),
    "io_uring_register": (427, 427),
    "mount": (165, 40),
    "umount2": (166, 39),
    "pivot_root": (155, 41),
    "chroot": (161, 51),
    "open_tree": (428, 428),
    "move_mount": (429, 429),
    "fsopen": (430, 430),
    "fsconfig": (431, 431),
    "fsmount": (432, 432),
    "fspick": (433, 433),
    "mount_setattr": (442, 442),
}


# clone3 passes its flags in memory a filter cannot read; ENOSYS makes glibc fall back to clone().
_NOSYS = ("clone3", "io_uring_setup", "io_uring_enter", "io_uring_register")
# Every other syscall in the table: no use in reviewing Python code, and a long record of kernel exploits.
_DENIED = tuple(name for name in _NUMBERS if name not in ("socket", "clone", *_NOSYS))


def seccomp_program(machine, deny_sockets):
    """The BPF program as (code, jt, jf, k) tuples: deny the syscalls above, every socket if asked."""
    if machine not in _ARCHES:
        raise OSError(f"seccomp filter has no syscall table for machine {machine!r}")
    column, arch = _ARCHES[machine]
    nr = {name: numbers[column] for name, numbers in _NUMBERS.items()}
    prog = [
        (_BPF_LD_W_ABS, 0, 0, 4),  # A = seccomp_data.arch
        (_BPF_JEQ_K, 1, 0, arch),
        (_BPF_RET_K, 0, 0, _RET_KILL_PROCESS),  # a foreign ABI (i386, x32 entry) is never legitimate here
        (_BPF_LD_W_ABS, 0, 0, 0),  # A = seccomp_data.nr
    ]
    if machine == "x86_64":
        prog += [(_BPF_JGE_K, 0, 1, 0x40000000), (_BPF_RET_K, 0, 0, _RET_KILL_PROCESS)]  # x32 syscall numbers

    def deny(number, errno):
        prog.extend([(_BPF_JEQ_K, 0, 1, number), (_BPF_RET_K, 0, 0, _RET_ERRNO | errno)])

    for name in _DENIED:
        deny(nr[name], _EPERM)
    for name in _NOSYS:
        deny(nr[name], _ENOSYS)  # ENOSYS: glibc then falls back to clone() for threads and spawns
    if deny_sockets:
        deny(nr["socket"], _EACCES)
    prog += [
        (_BPF_JEQ_K, 0, 3, nr["clone"]),  # not clone: on to the final ALLOW
        (_BPF_LD_W_ABS, 0, 0, 16),  # A = low 32 bits of args[0], the flags
        (_BPF_JSET_K, 0, 1, _CLONE_NEW_MASK),
        (_BPF_RET_K, 0, 0, _RET_ERRNO | _EPERM),
        (_BPF_RET_K, 0, 0, _RET_ALLOW),
    ]
    return prog


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _prctl(libc, option, arg):
    if libc.prctl(option, arg, 0, 0, 0) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"prctl({option}): {os.strerror(errno)}")


def install_seccomp(deny_sockets):
    """Install the filter on this process and every process it will ever start (it cannot be removed)."""
    program = seccomp_program(os.uname().machine, deny_sockets)
    filters = (_SockFilter * len(program))(*[_SockFilter(*instruction) for instruction in program])
    fprog = _SockFprog(len(program), filters)
    libc = _libc()
    _prctl(libc, _PR_SET_NO_NEW_PRIVS, 1)
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"seccomp filter refused: {os.strerror(errno)}")


# -- frames -----------------------------------------------------------------------------------------


def encode_frame(message):
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    return FRAME.pack(len(body)) + body


def _read_exactly(fd, size):
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_frame(fd, limit):
    """The next message on blocking `fd`, or None at end of stream."""
    header = _read_exactly(fd, FRAME.size)
    if header is None:
        return None
    (size,) = FRAME.unpack(header)
    if size > limit:
        raise ValueError(f"frame of {size} bytes exceeds {limit}")
    body = _read_exactly(fd, size)
    if body is None:
        return None
    return json.loads(body.decode("utf-8"))


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


# -- processes --------------------------------------------------------------------------------------


def _own_children():
    """Pids whose parent is this process (scanning /proc: CONFIG_PROC_CHILDREN is often missing)."""
    me, found = os.getpid(), []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == me:
            found.append(int(name))
    return found


def kill_descendants(kill_all, budget_s=2.0):
    """Kill and reap every process this one started, daemons included.

    This process is a child subreaper, so every orphaned descendant is re-parented to it: having no
    child at all means having no descendant. With `kill_all` (only where this process alone owns its
    uid or its PID namespace) one kill(-1) reaches everything, however it forked or re-sessioned.
    """
    deadline = time.monotonic() + budget_s
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return True
        if pid:
            continue
        if kill_all:
            with contextlib.suppress(OSError):
                os.kill(-1, signal.SIGKILL)
        else:
            for child in _own_children():
                with contextlib.suppress(OSError):
                    os.kill(child, signal.SIGKILL)
        if time.monotonic() > deadline:
            return False
        time.sleep(0.0005)


def _count_processes_of(uid):
    count = 0
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if os.stat("/proc/" + name).st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count


def apply_limits(limits, level):
    """Lower this process's limits; the hard values can never be raised again by anything it runs."""
    cpu = limits["worker_cpu_s"]
    settings = [
        (resource.RLIMIT_AS, limits["memory_bytes"]),
        (resource.RLIMIT_FSIZE, limits["max_file_bytes"]),
        (resource.RLIMIT_NOFILE, limits["max_open_files"]),
        (resource.RLIMIT_CORE, 0),
    ]
    if os.getuid() != 0:
        nproc = limits["max_processes"]
        if level == "process":  # counted per uid across the host: leave room for what this uid already runs
            nproc += _count_processes_of(os.getuid())
        settings.append((resource.RLIMIT_NPROC, nproc))
    for which, value in settings:
        resource.setrlimit(which, (value, value))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


# -- the kernel -------------------------------------------------------------------------------------


def _stream(fd, line_buffering):
    raw = io.FileIO(fd, "w", closefd=False)
    return io.TextIOWrapper(
        io.BufferedWriter(raw), encoding="utf-8", errors="backslashreplace", line_buffering=line_buffering
    )


def _exit_status(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    with contextlib.suppress(Exception):
        print(code, file=sys.stderr)
    return 1


class Kernel:
    def __init__(self, config):
        self.requests = config["requests_fd"]
        self.replies = config["replies_fd"]
        self.level = config["level"]
        self.kill_all = config["kill_all"]
        self.pid = os.getpid()
        self.token = (f"\x1e{os.urandom(16).hex()}\x1e").encode("ascii")
        self.cells = 0
        # Private copies of the output pipes: the code may close or redirect fd 1 and 2.
        self.saved_out = os.dup(1)
        self.saved_err = os.dup(2)
        for fd in (self.requests, self.replies, self.saved_out, self.saved_err):
            os.set_inheritable(fd, False)
        self.stdout = _stream(1, False)
        self.stderr = _stream(2, True)
        sys.stdout, sys.stderr = self.stdout, self.stderr
        import builtins

        self.namespace = {"__name__": "__main__", "__builtins__": builtins, "__doc__": None}

    def reply(self, message):
        _write_all(self.replies, encode_frame(message))

    def serve(self):
        self.reply({"op": "ready", "token": self.token.decode("ascii"), "pid": self.pid, "uid": os.getuid()})
        while True:
            request = read_frame(self.requests, MAX_REQUEST_BYTES)
            if request is None:
                os._exit(0)
            op = request.get("op")
            if op == "run":
                self.run(request["code"], request["cpu_s"])
            elif op == "init":
                self.reply(self.init(request["files"]))
            elif op == "probe":
                self.reply(probe_facts(request))
            else:
                self.reply({"op": "error", "error": f"unknown op {op!r}"})

    def init(self, files):
        """Write the PR's files into the (empty) workspace, refusing paths that would land outside it."""
        root = os.getcwd()
        for relative, text in files.items():
            target = os.path.normpath(os.path.join(root, relative))
            if not target.startswith(root + os.sep):
                return {"op": "error", "error": f"refusing to write {relative!r} outside the workspace"}
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)
        # Forget the workspace's cached (empty) directory listing. Not importlib.invalidate_caches(): on
        # some Pythons it imports importlib.metadata, which costs more than the rest of the call.
        sys.path_importer_cache.pop(root, None)
        return {"op": "ok"}

    def run(self, code, cpu_s):
        self.cells += 1
        used = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(used.ru_utime + used.ru_stime + cpu_s) + 1
        hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
        resource.setrlimit(resource.RLIMIT_CPU, (min(soft, hard), hard))
        self.restore_streams()
        status = self.execute(code, f"<run_python #{self.cells}>")
        self.finish_cell()
        self.reply({"op": "done", "exit_code": status})

    def execute(self, code, filename):
        import linecache
        import traceback

        try:
            compiled = compile(code, filename, "exec", dont_inherit=True)
            linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
            exec(compiled, self.namespace)
            status = 0
        except SystemExit as exc:
            status = _exit_status(exc)
        except BaseException as exc:
            tb = exc.__traceback__.tb_next if exc.__traceback__ is not None else None
            with contextlib.suppress(Exception):
                traceback.print_exception(type(exc), exc, tb)
            status = 1
        if os.getpid() != self.pid:  # a fork of the kernel finished the cell: it must not act as the kernel
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            os._exit(status)
        return status

    def restore_streams(self):
        os.dup2(self.saved_out, 1)
        os.dup2(self.saved_err, 2)
        if self.stdout.closed:
            self.stdout = _stream(1, False)
        if self.stderr.closed:
            self.stderr = _stream(2, True)
        sys.stdout, sys.stderr = self.stdout, self.stderr

    def finish_cell(self):
        """Flush what the cell wrote, kill what it started, then end each stream with the token."""
        own = (self.stdout, self.stderr)
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            if stream is not None and all(stream is not mine for mine in own):
                with contextlib.suppress(Exception):
                    stream.flush()
        kill_descendants(self.kill_all)
        os.dup2(self.saved_out, 1)
        os.dup2(self.saved_err, 2)
        token = self.token.decode("ascii")
        for stream, fd in ((self.stdout, self.saved_out), (self.stderr, self.saved_err)):
            try:  # with the cell's buffered output, in one write
                stream.write(token)
                stream.flush()
            except Exception:  # the cell closed or broke the stream: the token still has to get through
                _write_all(fd, self.token)


def probe_facts(request):
    """What the sandbox looks like from inside: who we are, the network, which given paths are reachable."""
    facts = {"op": "facts", "uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(), "pid": os.getpid()}
    try:
        import socket

        facts["interfaces"] = sorted(name for _, name in socket.if_nameindex())
    except OSError as exc:
        facts["interfaces"] = f"unavailable: {exc}"
    try:
        import socket

        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
        facts["inet_socket"] = "allowed"
    except OSError as exc:
        facts["inet_socket"] = f"refused: {exc}"
    reachable = []
    for path in request.get("paths", []):
        try:
            if os.path.isdir(path):
                os.listdir(path)
            else:
                with open(path, "rb") as handle:
                    handle.read(1)
            reachable.append(path)
        except OSError:
            pass
    facts["reachable"] = reachable
    return facts


def _set_parent_death_signal(libc, parent):
    _prctl(libc, _PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent and os.getppid() != parent:  # the server died before the signal was armed
        os._exit(1)


def _warm_up():
    """Pay now, before any call, what the first call would: the compiler's and traceback's first use."""
    import linecache
    import traceback

    source = "def f():\n    return 1 / 0\nf()\n"
    linecache.cache["<warm-up>"] = (len(source), None, source.splitlines(True), "<warm-up>")
    try:
        exec(compile(source, "<warm-up>", "exec", dont_inherit=True), {})
    except ZeroDivisionError as exc:
        traceback.format_exception(type(exc), exc, exc.__traceback__)
    del linecache.cache["<warm-up>"]


def _exit_builtins():
    """`exit()` and `quit()`, which the `site` module (not loaded: python -S) would have defined."""
    import builtins

    def leave(code=None):
        raise SystemExit(code)

    builtins.exit = builtins.quit = leave


def main():
    config = json.loads(sys.argv[1])
    libc = _libc()
    _set_parent_death_signal(libc, config.get("parent_pid"))
    if config["kill_all"] and config["level"] == "uid":
        with contextlib.suppress(OSError):  # leftovers of an earlier server that died holding this uid
            os.kill(-1, signal.SIGKILL)
    apply_limits(config["limits"], config["level"])
    _prctl(libc, _PR_SET_CHILD_SUBREAPER, 1)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    if config["seccomp"] != "off":
        try:
            install_seccomp(deny_sockets=config["deny_sockets"])
        except OSError:
            if config["seccomp"] == "required":
                raise
    sys.dont_write_bytecode = True
    _exit_builtins()
    sys.path[0:0] = [os.getcwd()]
    sys.argv = ["<run_python>"]
    _warm_up()
    kernel = Kernel(config)
    # Settle start-up garbage now, not during the episode's first call, and exempt it from later collections.
    import gc

    gc.collect()
    gc.freeze()
    kernel.serve()


if __name__ == "__main__":
    main()
