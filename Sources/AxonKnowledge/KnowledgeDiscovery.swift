import AxonCore
import Crypto
import Foundation

/// Finds the knowledge files of a repo: the walk, the confinement rules and the per-file checks.
///
/// Rules (docs/knowledge.md):
/// - Sources: the repo's root `AGENTS.md`, then every `*.md` under `.agents/knowledge/` and `data/knowledge/`,
///   nested directories included. Names starting with `.` are skipped (editor and temp files, in-flight
///   writes published later by rename).
/// - Confinement: a knowledge directory must resolve inside the repo; a file or directory inside it must
///   resolve (symlinks followed) inside one of the knowledge directories; `AGENTS.md` must resolve inside the
///   repo. Anything else is skipped with a note. Directory cycles through symlinks are walked once.
/// - Non-regular files (FIFOs, sockets, devices) are skipped with a note and never opened blocking;
///   non-UTF-8 or NUL-holding files are skipped with a note.
/// - Files over `maxFileBytes` are hashed but not loaded: they appear in the index only.
/// - Order: `AGENTS.md` first, then paths sorted by their UTF-8 bytes (independent of locale and file system).
struct KnowledgeDiscovery {
    let repo: String
    let maxFileBytes: Int
    var documents: [KnowledgeDocument] = []
    var notes: [KnowledgeNote] = []
    /// Real paths of the knowledge directories that resolved inside the repo.
    private(set) var allowed: [String] = []
    private var visited: Set<String> = []

    init(repo: String, maxFileBytes: Int) {
        self.repo = repo
        self.maxFileBytes = maxFileBytes
    }

    mutating func run() {
        guard let repoReal = FileProbe.realPath(repo) else { return }
        allowed = KnowledgeBase.roots.compactMap { root in
            guard FileProbe.kind(repo + "/" + root) == .directory, let real = FileProbe.realPath(repo + "/" + root)
            else { return nil }
            guard real.isInside(repoReal) else {
                notes.append(.skipped(.escapes(path: root)))
                return nil
            }
            return real
        }
        let agents = KnowledgeBase.agentsFile
        if FileProbe.kind(repo + "/" + agents) != .missing || FileProbe.isSymlink(repo + "/" + agents) {
            if let real = FileProbe.realPath(repo + "/" + agents) {
                if real.isInside(repoReal) { load(agents) } else { notes.append(.skipped(.escapes(path: agents))) }
            } else {
                notes.append(.skipped(.notFound(path: agents)))  // a dangling symlink
            }
        }
        for root in KnowledgeBase.roots where FileProbe.kind(repo + "/" + root) == .directory {
            guard let real = FileProbe.realPath(repo + "/" + root), allowed.contains(real) else { continue }
            visited.insert(real)
            walk(root)
        }
        documents.sort { a, b in
            if a.isAgentsFile != b.isAgentsFile { return a.isAgentsFile }
            return a.path.utf8.lexicographicallyPrecedes(b.path.utf8)
        }
    }

    private mutating func walk(_ directory: String) {
        let names: [String]
        switch FileProbe.entries(repo + "/" + directory) {
        case .success(let found): names = found
        case .failure(let failure):
            if case .system(let errno) = failure { notes.append(.skipped(.io(path: directory, errno: errno))) }
            return
        }
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
            let path = directory + "/" + name
            let full = repo + "/" + path
            let kind = FileProbe.kind(full)
            if kind == .directory || name.hasSuffix(".md") {
                guard let real = FileProbe.realPath(full) else {
                    notes.append(.skipped(.notFound(path: path)))  // a dangling symlink
                    continue
                }
                guard allowed.contains(where: { real.isInside($0) }) else {
                    notes.append(.skipped(.escapes(path: path)))
                    continue
                }
                if kind == .directory {
                    if visited.insert(real).inserted { walk(path) }
                    continue
                }
            }
            switch kind {
            case .regular where name.hasSuffix(".md"): load(path)
            case .other where name.hasSuffix(".md"): notes.append(.skipped(.notRegularFile(path: path)))
            default: continue
            }
        }
    }

    /// Reads, checks and hashes one file; a failure becomes a note, never a thrown error.
    private mutating func load(_ path: String) {
        let full = repo + "/" + path
        let name = String(path.split(separator: "/").last ?? Substring(path))
        switch FileProbe.read(full, limit: maxFileBytes) {
        case .success(let bytes):
            guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
                notes.append(.skipped(.notText(path: path)))
                return
            }
            documents.append(
                KnowledgeDocument(
                    path: path, title: MarkdownTitle.first(in: text[...], fallback: name),
                    hash: Self.hex(SHA256.hash(data: bytes)), bytes: bytes.count, content: text))
        case .failure(.tooLarge):
            loadIndexOnly(path, name: name)
        case .failure(.notRegular):
            notes.append(.skipped(.notRegularFile(path: path)))
        case .failure(.system(let errno)):
            notes.append(.skipped(.io(path: path, errno: errno)))
        }
    }

    /// A file over the cap: hashed in chunks, titled from its first 16 KiB, content left on disk.
    private mutating func loadIndexOnly(_ path: String, name: String) {
        var hasher = SHA256()
        var head: [UInt8] = []
        let result = FileProbe.stream(repo + "/" + path) { chunk in
            hasher.update(data: chunk)
            if head.count < 16 * 1024 { head.append(contentsOf: chunk.prefix(16 * 1024 - head.count)) }
        }
        switch result {
        case .success(let size):
            guard !head.contains(0) else {
                notes.append(.skipped(.notText(path: path)))
                return
            }
            let title = MarkdownTitle.first(in: String(decoding: head, as: UTF8.self)[...], fallback: name)
            documents.append(
                KnowledgeDocument(
                    path: path, title: title, hash: Self.hex(hasher.finalize()), bytes: size, content: nil))
        case .failure(.notRegular):
            notes.append(.skipped(.notRegularFile(path: path)))
        case .failure(.system(let errno)):
            notes.append(.skipped(.io(path: path, errno: errno)))
        case .failure(.tooLarge):
            break  // streaming has no limit
        }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String { Hex.encode(digest) }
}

extension String {
    /// True when this absolute path is `base` or below it (compared as bytes, so `/a/bc` is not inside `/a/b`).
    func isInside(_ base: String) -> Bool {
        utf8.elementsEqual(base.utf8) || utf8.starts(with: (base == "/" ? "/" : base + "/").utf8)
    }
}
