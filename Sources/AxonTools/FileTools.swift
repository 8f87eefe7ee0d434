import AxonConfig
import AxonCore
import AxonPolicy
import Foundation

/// read_file, write_file, edit_file (docs/tools.md).
public enum FileTools {
    /// The tools that write files: a write into a hot-load path is applied at the next model call.
    public static let writers: Set<String> = ["write_file", "edit_file"]

    static let readFile = Tool.blocking(
        name: "read_file",
        description: """
            Read a text file of the repository. The first line of the result is a header with the file's sha256 \
            (pass it as expected_hash to write_file/edit_file) and the lines shown; `offset` is the first line \
            (1-based), `limit` the number of lines. Results over 64 KiB are truncated.
            """,
        schema: Tool.schema(
            [
                ("path", "string", "Repo-relative path of the file."),
                ("offset", "integer", "First line to show, 1-based (default 1)."),
                ("limit", "integer", "Number of lines to show (default: all)."),
            ], required: ["path"])
    ) { (args: ToolArguments, box: ToolBox) throws(ToolFailure) -> String in
        let shown = args.string("path")
        let file = try box.check(shown, for: .read)
        guard let data = try FileAccess.read(file.absolute, shown: shown) else {
            throw ToolFailure("\(shown) does not exist")
        }
        let text = try FileAccess.text(data, shown: shown)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") { lines.removeLast() }
        let first = max(args.optionalInt("offset") ?? 1, 1)
        let count = max(args.optionalInt("limit") ?? lines.count, 0)
        let last = min(lines.count, first - 1 + count)
        let shownLines = first <= last ? lines[(first - 1)..<last].joined(separator: "\n") : ""
        let range =
            first <= last ? "lines \(first)-\(last) of \(lines.count)" : "no lines (the file has \(lines.count))"
        return "[\(file.relative): sha256 \(FileAccess.sha256(data)), \(range)]\n" + shownLines
    }

    static let writeFile = Tool.blocking(
        name: "write_file",
        description: """
            Create or replace a file with `content` (written atomically). Pass expected_hash (the sha256 from \
            read_file) to fail with a conflict instead of overwriting a file that changed since you read it.
            """,
        schema: Tool.schema(
            [
                ("path", "string", "Repo-relative path of the file."),
                ("content", "string", "The complete new content."),
                ("expected_hash", "string", "SHA-256 hex of the content you expect the file to have now."),
            ], required: ["path", "content"])
    ) { (args: ToolArguments, box: ToolBox) throws(ToolFailure) -> String in
        let shown = args.string("path")
        let file = try box.check(shown, for: .write)
        let current = try FileAccess.read(file.absolute, shown: shown)
        try FileAccess.checkHash(args.optionalString("expected_hash"), current: current, shown: shown)
        let bytes = Data(args.string("content").utf8)
        let note = try box.recordToolWrite(file, content: bytes)
        try FileAccess.writeAtomically(bytes, to: file.absolute, shown: shown)
        let verb = current == nil ? "created" : "wrote"
        return "\(verb) \(file.relative) (\(bytes.count) bytes, sha256 \(FileAccess.sha256(bytes)))" + note
    }

    static let editFile = Tool.blocking(
        name: "edit_file",
        description: """
            Replace the one occurrence of `old_string` in a file with `new_string` (exact text, whitespace \
            included). Fails when old_string is absent or appears more than once (add surrounding lines to make \
            it unique), or when expected_hash is given and the file changed.
            """,
        schema: Tool.schema(
            [
                ("path", "string", "Repo-relative path of the file."),
                ("old_string", "string", "The exact text to replace; must occur exactly once."),
                ("new_string", "string", "The replacement text."),
                ("expected_hash", "string", "SHA-256 hex of the content you expect the file to have now."),
            ], required: ["path", "old_string", "new_string"])
    ) { (args: ToolArguments, box: ToolBox) throws(ToolFailure) -> String in
        let shown = args.string("path")
        let file = try box.check(shown, for: .write)
        guard let current = try FileAccess.read(file.absolute, shown: shown) else {
            throw ToolFailure("\(shown) does not exist; use write_file to create it")
        }
        try FileAccess.checkHash(args.optionalString("expected_hash"), current: current, shown: shown)
        let text = try FileAccess.text(current, shown: shown)
        let old = args.string("old_string")
        guard !old.isEmpty else { throw ToolFailure("old_string is empty; give the exact text to replace") }
        let pieces = text.components(separatedBy: old)
        guard pieces.count == 2 else {
            if pieces.count < 2 { throw ToolFailure("old_string was not found in \(shown); read the file again") }
            throw ToolFailure(
                "old_string occurs \(pieces.count - 1) times in \(shown); include more surrounding text to make it unique"
            )
        }
        let bytes = Data((pieces[0] + args.string("new_string") + pieces[1]).utf8)
        let note = try box.recordToolWrite(file, content: bytes)
        try FileAccess.writeAtomically(bytes, to: file.absolute, shown: shown)
        return "edited \(file.relative) (\(bytes.count) bytes, sha256 \(FileAccess.sha256(bytes)))" + note
    }
}

extension ToolBox {
    /// Records in `data/provenance.jsonl` that this agent is writing `content` into a tool directory, and
    /// returns what the result should add (nothing outside the tool directories).
    ///
    /// The record goes first: a crash between it and the write leaves a record of content that never landed
    /// (harmless), never an agent's tool without its author. When recording fails the write still happens and
    /// the result says so, except under `tools: {trust: review}`: there an unrecorded file would pass for a
    /// human's and skip review, so the write is refused.
    func recordToolWrite(_ file: PathPolicy.Resolved, content: Data) throws(ToolFailure) -> String {
        // Discovery names files by the tool directory's own path, even when that directory is a symlink.
        let inside = PathPolicy.toolDirectories.lazy.compactMap { directory -> String? in
            guard let real = try? self.policy.resolve(directory).relative, file.relative.hasPrefix(real + "/")
            else { return nil }
            return directory + file.relative.dropFirst(real.count)
        }
        guard let path = inside.first else { return "" }
        let review = agent.tools.trust == .review
        let record = Provenance.Record.write(
            path: path, hash: FileAccess.sha256(content), agent: agent.name.rawValue,
            session: environment["AXON_SESSION"])
        do throws(POSIX.Failure) {
            try Provenance(root: policy.root).append(record)
        } catch {
            let why =
                "cannot record this tool write in \(PathPolicy.provenanceFile) (\(error.operation): \(error.reason))"
            if review {
                throw ToolFailure(
                    "\(path) was not written: \(why); under tools: {trust: review} every tool write is recorded")
            }
            return "\nwarning: \(why); `axon tools` will show its author as unknown"
        }
        return review
            ? "\nnote: this agent has tools: {trust: review}: the tool is not offered until a human approves this "
                + "content (`axon tools approve NAME`)" : ""
    }
}
