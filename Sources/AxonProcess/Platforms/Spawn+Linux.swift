#if os(Linux)
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    /// The one `posix_spawn` call of axon: a child in its own session or group, with default signal
    /// dispositions, an empty signal mask, exactly the given environment, and the requested stdio.
    enum Spawner {
        /// Where one of the child's output descriptors goes.
        enum Redirect {
            case inherit
            case null
            /// A pipe whose read end the caller gets.
            case pipe
            /// The same pipe or file as the child's stdout (stderr merged into stdout).
            case stdout
            /// Appended to this file (created 0644).
            case append(String)
        }

        struct Spawned {
            var pid: pid_t
            /// Write end of the child's stdin (for `.bytes`).
            var stdin: Int32?
            var stdout: Int32?
            var stderr: Int32?
        }

        /// glibc's `POSIX_SPAWN_SETSID` (spawn.h; not imported into Swift): the child calls `setsid()`.
        static let spawnSetSID: Int32 = 0x80

        /// Held from pipe creation to `posix_spawn`'s return. `pipe2(O_CLOEXEC)` is not imported into Swift, so
        /// a pipe is briefly inheritable; as every axon child is spawned here, no other child can inherit
        /// another's pipe end in that window (a leaked stdin write end would keep a tool waiting for EOF).
        private static let lock = Mutex(())

        /// The signals the child gets back at their default disposition (axon ignores SIGPIPE, and a shell
        /// parent may have left others ignored).
        private static let defaulted = [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGTTIN, SIGTTOU]

        static func spawn(_ spec: ProcessSpec, stdout: Redirect, stderr: Redirect) throws(ProcessError) -> Spawned {
            // Direct when it can be: the program found on the child's own PATH and a chdir action
            // (`posix_spawn_file_actions_addchdir_np`). Whatever fails that way — a missing program, interpreter
            // or directory — is retried through `/bin/sh -c 'cd …; exec …'`, whose exit codes (127 not found,
            // 126 cannot execute or no directory) and messages are the contract. Both keep the pid: the program
            // itself is what is waited for and signalled.
            if let path = DirectSpawn.program(spec),
                case .spawned(let child) = try attempt(
                    spec, path: path, argv: spec.arguments, chdir: true, stdout: stdout, stderr: stderr)
            {
                return child
            }
            let argv = ["/bin/sh", "-c", "cd -- \"$0\" || exit 126; exec \"$@\"", spec.directory] + spec.arguments
            switch try attempt(spec, path: argv[0], argv: argv, chdir: false, stdout: stdout, stderr: stderr) {
            case .spawned(let child): return child
            case .failed(let code):
                throw ProcessError(program: spec.arguments.first ?? "?", reason: String(cString: strerror(code)))
            }
        }

        private enum Attempt {
            case spawned(Spawned)
            /// `posix_spawn` refused, with this errno.
            case failed(Int32)
        }

        private static func attempt(
            _ spec: ProcessSpec, path: String, argv: [String], chdir: Bool, stdout: Redirect, stderr: Redirect
        ) throws(ProcessError) -> Attempt {
            let program = spec.arguments.first ?? "?"
            return try lock.withLock { _ throws(ProcessError) -> Attempt in
                var opened: [Int32] = []
                func pipeEnds() throws(ProcessError) -> (read: Int32, write: Int32) {
                    var fds: [Int32] = [0, 0]
                    guard pipe(&fds) == 0 else { throw ProcessError(program: program, reason: errnoText()) }
                    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                    opened += fds
                    return (fds[0], fds[1])
                }
                func closeAll() { for fd in opened { close(fd) } }
                var actions = posix_spawn_file_actions_t()
                posix_spawn_file_actions_init(&actions)
                defer { posix_spawn_file_actions_destroy(&actions) }
                var result = Spawned(pid: 0)
                var childEnds: [Int32] = []
                do throws(ProcessError) {
                    switch spec.standardInput {
                    case .null: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                    case .inherit: break
                    case .bytes:
                        let ends = try pipeEnds()
                        posix_spawn_file_actions_adddup2(&actions, ends.read, 0)
                        childEnds.append(ends.read)
                        result.stdin = ends.write
                    }
                    var stdoutChild: Int32 = 1
                    switch stdout {
                    case .inherit, .stdout: break
                    case .null: posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
                    case .append(let path):
                        // Opened in the child (no descriptor of ours to leak); a failure fails the spawn.
                        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                    case .pipe:
                        let ends = try pipeEnds()
                        posix_spawn_file_actions_adddup2(&actions, ends.write, 1)
                        childEnds.append(ends.write)
                        stdoutChild = ends.write
                        result.stdout = ends.read
                    }
                    switch stderr {
                    case .inherit: break
                    case .append(let path):
                        posix_spawn_file_actions_addopen(&actions, 2, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                    case .null: posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
                    case .stdout: posix_spawn_file_actions_adddup2(&actions, stdoutChild, 2)
                    case .pipe:
                        let ends = try pipeEnds()
                        posix_spawn_file_actions_adddup2(&actions, ends.write, 2)
                        childEnds.append(ends.write)
                        result.stderr = ends.read
                    }
                } catch {
                    closeAll()
                    throw error
                }
                // The child gets stdin, stdout and stderr only (and fd 3 when it has a channel): a descriptor
                // some library opened without close-on-exec (a listening socket, a trace file holding its
                // flock) must not outlive us in a tool's background process.
                var firstClosed: Int32 = 3
                if let channel = spec.channel {
                    // dup2 onto itself would keep close-on-exec set: a channel that already is fd 3 is first
                    // moved above it (the copy is close-on-exec, and closed once the spawn returned).
                    var source = channel
                    if channel == ProcessSpec.channelDescriptor {
                        source = fcntl(channel, F_DUPFD_CLOEXEC, 10)
                        guard source >= 0 else {
                            closeAll()
                            throw ProcessError(program: program, reason: errnoText())
                        }
                        opened.append(source)
                        childEnds.append(source)
                    }
                    posix_spawn_file_actions_adddup2(&actions, source, ProcessSpec.channelDescriptor)
                    firstClosed = ProcessSpec.channelDescriptor + 1
                }
                if let closeFrom = CloseFrom.function { _ = closeFrom(&actions, firstClosed) }
                if chdir, let addChdir = DirectSpawn.addChdir { _ = addChdir(&actions, spec.directory) }

                var attributes = posix_spawnattr_t()
                posix_spawnattr_init(&attributes)
                defer { posix_spawnattr_destroy(&attributes) }
                var noSignals = sigset_t()
                sigemptyset(&noSignals)
                posix_spawnattr_setsigmask(&attributes, &noSignals)
                var defaults = sigset_t()
                sigemptyset(&defaults)
                for signal in defaulted { sigaddset(&defaults, signal) }
                posix_spawnattr_setsigdefault(&attributes, &defaults)
                var flags = Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
                switch spec.group {
                case .newSession: flags |= spawnSetSID
                case .newGroup:
                    posix_spawnattr_setpgroup(&attributes, 0)
                    flags |= Int32(POSIX_SPAWN_SETPGROUP)
                }
                posix_spawnattr_setflags(&attributes, Int16(flags))

                let cArgs = argv.map { strdup($0) } + [nil]
                let cEnv = spec.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
                defer {
                    for p in cArgs { free(p) }
                    for p in cEnv { free(p) }
                }
                var pid: pid_t = 0
                let spawned = posix_spawn(&pid, path, &actions, &attributes, cArgs, cEnv)
                for fd in childEnds { close(fd) }
                guard spawned == 0 else {
                    for fd in [result.stdin, result.stdout, result.stderr] { if let fd { close(fd) } }
                    return .failed(spawned)
                }
                result.pid = pid
                return .spawned(result)
            }
        }

        static func errnoText() -> String { String(cString: strerror(errno)) }
    }
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc ≥ 2.34), which Swift does not import (it needs
    /// `_GNU_SOURCE`): looked up once; without it children inherit what the process left open, as before.
    private enum CloseFrom {
        typealias Function = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        static let function: Function? = {
            guard let raw = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
            else { return nil }
            return unsafeBitCast(raw, to: Function.self)
        }()
    }
#endif

#if os(Linux)
    /// What a direct spawn (no `/bin/sh` in between) needs: the chdir action and the program's path.
    enum DirectSpawn {
        typealias AddChdir =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        /// `posix_spawn_file_actions_addchdir_np` (glibc ≥ 2.29), not imported into Swift (it needs
        /// `_GNU_SOURCE`): looked up once; without it every spawn goes through the shell.
        static let addChdir: AddChdir? = {
            guard let raw = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
            else { return nil }
            return unsafeBitCast(raw, to: AddChdir.self)
        }()

        /// The file to exec for `spec`, as the shell's `exec` would find it, when a direct spawn can run it:
        /// the directory exists and the program is an executable regular file. nil sends the spawn through the
        /// shell (which then reports what is wrong in its words).
        static func program(_ spec: ProcessSpec) -> String? {
            guard addChdir != nil, let name = spec.arguments.first, !name.isEmpty, isDirectory(spec.directory)
            else { return nil }
            func inDirectory(_ path: String) -> String {
                path.hasPrefix("/") ? path : spec.directory + "/" + path
            }
            if name.contains("/") { return isExecutableFile(inDirectory(name)) ? name : nil }
            // POSIX sh's search: each PATH entry in order, an empty one meaning the working directory.
            let search = spec.environment["PATH"] ?? "/usr/bin:/bin"
            for entry in search.split(separator: ":", omittingEmptySubsequences: false) {
                let candidate = (entry.isEmpty ? "." : String(entry)) + "/" + name
                if isExecutableFile(inDirectory(candidate)) { return inDirectory(candidate) }
            }
            return nil
        }

        private static func isDirectory(_ path: String) -> Bool {
            var st = stat()
            return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
        }

        private static func isExecutableFile(_ path: String) -> Bool {
            var st = stat()
            return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
        }
    }
#endif
