#if os(Linux)
    import AxonTesting
    @testable import AxonWatch
    import Foundation
    import Testing

    /// The watcher on real inotify in temp directories: the structural cases (edge cases 21–25, 28, 34, 36).
    @Suite(.serialized, .timeLimit(.minutes(1)))
    struct InotifyWatcherTests {
        @Test func initialScanIsGenerationOneWithEveryWatchedFile() async throws {
            let f = try WatchFixture(files: [
                "src/tools/a.sh": "a", "src/boot.md": "boot", "fleet.yaml": "version: 1", "README.md": "not watched",
                ".agents/knowledge/k.md": "k", "data/knowledge/x.md": "x", "data/sessions/s.jsonl": "{}",
                ".agents/.git/HEAD": "ref", "src/tools/.a.sh.swp": "swap",
            ])
            defer { f.cleanup() }
            let w = try f.watcher(WatchPath.workspaceRoots(root: f.root))
            let first = try await w.start()
            #expect(first.generation == 1)
            #expect(
                Set(first.files.keys) == [
                    "src/tools/a.sh", "src/boot.md", "fleet.yaml", ".agents/knowledge/k.md", "data/knowledge/x.md",
                ])
            #expect(first.changes.added == first.files.keys.sorted())
            #expect(first.files["fleet.yaml"]?.hash == f.hash("version: 1"))
            #expect(await w.mode == .inotify)
            await w.stop()
        }

        @Test func mkdirDashPRaceFindsTheFileInTheNewestDirectory() async throws {
            let f = try WatchFixture()
            defer { f.cleanup() }
            let w = try f.watcher()
            _ = try await w.start()
            for i in 0..<20 {
                f.mkdir("t\(i)/a/b/c")
                f.write("t\(i)/a/b/c/tool.json", "\(i)")
            }
            // A generous limit: on a loaded 2-core machine the first flushes of 80 new directories can take seconds.
            let s = await w.waitFor(timeout: .seconds(20)) { s in
                (0..<20).allSatisfy { s.files["t\($0)/a/b/c/tool.json"] != nil }
            }
            let missing = (0..<20).map { "t\($0)/a/b/c/tool.json" }.filter { w.current?.files[$0] == nil }
            #expect(s != nil, "never seen: \(missing)")
            // The new directories are watched: a later write deep inside is an event, not only a rescan.
            f.write("t7/a/b/c/later.json", "later")
            #expect(await w.waitFor { $0.files["t7/a/b/c/later.json"] != nil } != nil)
            #expect(await w.watchCount == 1 + 20 * 4)
            await w.stop()
        }

        @Test func directoryTreeMovedInIsScanned() async throws {
            let f = try WatchFixture()
            let outside = try TemporaryWorkspace(files: ["tree/x/1.md": "1", "tree/x/y/2.md": "2", "tree/3.md": "3"])
            defer { f.cleanup(); outside.remove() }
            let w = try f.watcher([.directory("data/knowledge")])
            f.mkdir("data/knowledge")
            _ = try await w.start()
            f.move(outside.path + "/tree", "data/knowledge/tree")
            let s = await w.waitFor { $0.files.count == 3 }
            #expect(
                s?.changes.added == [
                    "data/knowledge/tree/3.md", "data/knowledge/tree/x/1.md", "data/knowledge/tree/x/y/2.md",
                ])
            f.write("data/knowledge/tree/x/y/4.md", "4")
            #expect(await w.waitFor { $0.files["data/knowledge/tree/x/y/4.md"] != nil } != nil)
            await w.stop()
        }

        @Test func directoryMovedOutDropsItsWatchesAndReportsNothingLater() async throws {
            let f = try WatchFixture(files: ["keep/k.md": "k"])
            let outside = try TemporaryWorkspace()
            defer { f.cleanup(); outside.remove() }
            let w = try f.watcher()
            _ = try await w.start()
            let baseline = await w.watchCount
            f.mkdir("moving/a/b")
            f.write("moving/a/b/f.md", "f")
            _ = await w.waitFor { $0.files["moving/a/b/f.md"] != nil }
            #expect(await w.watchCount == baseline + 3)
            f.move("moving", outside.path + "/moved")
            let s = await w.waitFor { $0.files["moving/a/b/f.md"] == nil }
            #expect(s?.changes.removed == ["moving/a/b/f.md"])
            #expect(await w.watchCount == baseline)
            let generation = s?.generation ?? 0
            // Writes in the moved-away tree: the kernel would still report them under the old path if the watches lived.
            try "g".write(toFile: outside.path + "/moved/a/b/g.md", atomically: false, encoding: .utf8)
            try "h".write(toFile: outside.path + "/moved/a/h.md", atomically: false, encoding: .utf8)
            #expect(await w.generation(after: .milliseconds(200)) == generation)
            #expect(w.current?.files.keys.sorted() == ["keep/k.md"])
            await w.stop()
        }

        @Test func watchedRootDeletedRenamedAndRecreatedIsRearmed() async throws {
            let f = try WatchFixture(files: ["src/tools/a.sh": "a", "src/tools/sub/b.sh": "b"])
            defer { f.cleanup() }
            let w = try f.watcher([.directory("src/tools")])
            let first = try await w.start()
            f.remove("src/tools")
            var s = await w.waitFor { $0.files.isEmpty }
            #expect(s?.diff(from: first).removed == ["src/tools/a.sh", "src/tools/sub/b.sh"])
            f.mkdir("src/tools")
            f.write("src/tools/c.sh", "c")
            s = await w.waitFor { $0.files["src/tools/c.sh"] != nil }
            #expect(s != nil)
            // Renamed away: gone from the snapshot; renamed back: present again, and watched.
            f.move("src/tools", "src/tools.old")
            #expect(await w.waitFor { $0.files.isEmpty } != nil)
            f.move("src/tools.old", "src/tools")
            #expect(await w.waitFor { $0.files["src/tools/c.sh"] != nil } != nil)
            f.write("src/tools/d.sh", "d")
            #expect(await w.waitFor { $0.files["src/tools/d.sh"] != nil } != nil)
            // The whole src/ tree removed, then made again with mkdir -p.
            f.remove("src")
            #expect(await w.waitFor { $0.files.isEmpty } != nil)
            f.mkdir("src/tools/deep")
            f.write("src/tools/deep/e.sh", "e")
            #expect(await w.waitFor { $0.files["src/tools/deep/e.sh"] != nil } != nil)
            #expect(await w.mode == .inotify)
            await w.stop()
        }

        @Test func missingRootsAppearWhenCreated() async throws {
            let f = try WatchFixture()
            defer { f.cleanup() }
            let w = try f.watcher(WatchPath.workspaceRoots(root: f.root))
            let first = try await w.start()
            #expect(first.files.isEmpty)
            f.write("AGENTS.md", "agents")
            f.mkdir(".agents/skills/x")
            f.write(".agents/skills/x/SKILL.md", "skill")
            f.write("src/boot.md", "boot")
            f.write("src/other.md", "not watched")
            let s = await w.waitFor { $0.files.count == 3 }
            #expect(s.map { Set($0.files.keys) } == ["AGENTS.md", ".agents/skills/x/SKILL.md", "src/boot.md"])
            await w.stop()
        }

        @Test func workspaceRootRemovedSwitchesToPollingWithAClearReason() async throws {
            let f = try WatchFixture(files: ["a.md": "a"])
            defer { f.cleanup() }
            let w = try f.watcher()
            _ = try await w.start()
            f.remove("")
            #expect(await w.waitFor { $0.files.isEmpty } != nil)
            for _ in 0..<500 where await w.mode == .inotify { try await Task.sleep(for: .milliseconds(2)) }
            #expect(await w.mode == .polling(reason: .rootVanished(path: f.root)))
            f.write("b.md", "b")
            #expect(await w.waitFor { $0.files["b.md"] != nil } != nil)
            await w.stop()
        }

        @Test func renameHalfPairsAreDeletesAndCreates() async throws {
            let f = try WatchFixture(files: ["in/a.md": "a", "in/b.md": "b"])
            let outside = try TemporaryWorkspace(files: ["c.md": "c"])
            defer { f.cleanup(); outside.remove() }
            let w = try f.watcher([.directory("in")])
            _ = try await w.start()
            f.move("in/a.md", outside.path + "/a.md")  // MOVED_FROM without MOVED_TO
            #expect(await w.waitFor { $0.files["in/a.md"] == nil }?.changes.removed == ["in/a.md"])
            f.move(outside.path + "/c.md", "in/c.md")  // MOVED_TO without MOVED_FROM
            #expect(await w.waitFor { $0.files["in/c.md"] != nil }?.changes.added == ["in/c.md"])
            f.move("in/b.md", "in/b2.md")  // a pair
            let s = await w.waitFor { $0.files["in/b2.md"] != nil && $0.files["in/b.md"] == nil }
            #expect(s?.files["in/b2.md"]?.hash == f.hash("b"))
            #expect(w.current.map { Set($0.files.keys) } == ["in/b2.md", "in/c.md"])
            await w.stop()
        }

        @Test func symlinksAreNeverFollowedNorRead() async throws {
            let f = try WatchFixture(files: ["real/r.md": "r"])
            let outside = try TemporaryWorkspace(files: ["secret.md": "outside"])
            defer { f.cleanup(); outside.remove() }
            try FileManager.default.createSymbolicLink(atPath: f.path("loop"), withDestinationPath: f.root)
            try FileManager.default.createSymbolicLink(atPath: f.path("self"), withDestinationPath: "self")
            try FileManager.default.createSymbolicLink(atPath: f.path("dangling"), withDestinationPath: "nowhere")
            try FileManager.default.createSymbolicLink(atPath: f.path("stdout"), withDestinationPath: "/dev/stdout")
            try FileManager.default.createSymbolicLink(atPath: f.path("out"), withDestinationPath: outside.path)
            try FileManager.default.createSymbolicLink(atPath: f.path("real/link.md"), withDestinationPath: "r.md")
            #expect(mkfifo(f.path("fifo"), 0o644) == 0)
            let w = try f.watcher()
            let first = try await w.start()
            #expect(first.files.keys.sorted() == ["real/r.md"])
            // Swapping a watched file for a symlink to /dev/stdout: it leaves the snapshot, nothing is read.
            f.remove("real/r.md")
            try FileManager.default.createSymbolicLink(atPath: f.path("real/r.md"), withDestinationPath: "/dev/stdout")
            #expect(await w.waitFor { $0.files.isEmpty } != nil)
            f.write("real/after.md", "still alive")
            #expect(await w.waitFor { $0.files["real/after.md"] != nil } != nil)
            await w.stop()
        }

        @Test func namesWithSpacesNewlinesAndCaseOnlyRenames() async throws {
            let f = try WatchFixture()
            defer { f.cleanup() }
            let w = try f.watcher()
            _ = try await w.start()
            f.write("with space.md", "1")
            f.write("new\nline.md", "2")
            f.write("Case.md", "3")
            #expect(await w.waitFor { $0.files.count == 3 } != nil)
            f.move("Case.md", "case.md")
            let s = await w.waitFor { $0.files["case.md"] != nil }
            #expect(s.map { Set($0.files.keys) } == ["with space.md", "new\nline.md", "case.md"])
            // A name that is not UTF-8 is not part of the snapshot, and does not disturb it.
            let bad = f.root + "/bad-\u{FFFD}"
            var bytes = Array((f.root + "/bad-").utf8) + [0xFF, 0xFE, 0]
            let fd = bytes.withUnsafeMutableBufferPointer {
                open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644)
            }
            close(fd)
            _ = bad
            f.write("after.md", "4")
            #expect(await w.waitFor { $0.files["after.md"] != nil }.map { $0.files.count } == 4)
            await w.stop()
        }
    }
#endif
