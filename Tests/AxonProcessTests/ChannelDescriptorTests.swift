#if os(Linux)
    import AxonProcess
    import Foundation
    import Testing

    /// `ProcessSpec.channel`: a fleet agent's channel reaches the child as fd 3, and nothing else of ours does.
    @Suite(.timeLimit(.minutes(1))) struct ChannelDescriptorTests {
        @Test func theChannelIsTheChildsFd3AndEveryOtherDescriptorStaysClosed() async throws {
            var fds: [Int32] = [-1, -1]
            #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0)
            defer { close(fds[0]) }
            // A stray descriptor without close-on-exec must not leak into the child either.
            let stray = open("/dev/null", O_RDONLY)
            defer { close(stray) }
            let spec = ProcessSpec(
                ["/bin/sh", "-c", "echo hi >&3; ls /proc/$$/fd"], directory: "/tmp",
                environment: ["PATH": "/usr/bin:/bin"], channel: fds[1])
            let run = try await ChildProcess.run(
                spec, stdoutCap: 4096, stderr: .tail(bytes: 512), timeout: .seconds(20), grace: .milliseconds(500))
            close(fds[1])  // the caller's copy, once the spawn returned
            #expect(run.termination == .exited(0), "\(run.errorTail)")
            #expect(run.output.split(separator: "\n") == ["0", "1", "2", "3"], "\(run.output)")
            var buffer = [UInt8](repeating: 0, count: 16)
            let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            #expect(n == 3 && buffer[0..<3] == Array("hi\n".utf8)[...])
            // The child exited and ours is closed: end of file.
            #expect(buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) } == 0)
        }
    }
#endif
