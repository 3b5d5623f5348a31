import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file or folder could not be written: one line saying what and where.
public struct FileWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path as the caller gave it.
    public var file: String
    /// What was to be written, e.g. "the model".
    public var what: String
    /// Why not, e.g. "it is a directory".
    public var reason: String

    public init(file: String, what: String, reason: String) {
        self.file = file
        self.what = what
        self.reason = reason
    }

    public var description: String { "\(file): cannot write \(what): \(reason)" }
}

/// Every file and folder the library and the tool write goes through here, so that none
/// is ever left half-written:
/// - a file is written to a hidden temporary file beside its target and renamed over it
///   once complete; on any failure the temporary file is removed and the target is as before;
/// - a symbolic link is written through: the file it points to is replaced, the link stays;
/// - a folder is built as a hidden temporary sibling and renamed into place once complete;
/// - an output that is one of the command's inputs (after resolving symbolic links, or
///   the same file by another hard link), a directory, or not a regular file is refused.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    /// - Parameters:
    ///   - what: what is written, for messages ("the model").
    ///   - inputs: files the caller read; writing over one of them is refused.
    public static func write(_ data: Data, to path: String, what: String,
                             inputs: [String] = []) throws(FileWriteError) {
        let writer = try AtomicFileWriter(path: path, what: what, inputs: inputs)
        try writer.write(data)
        try writer.commit()
    }

    /// Checks, before any work is done, that `write(_:to:what:inputs:)` would be allowed to
    /// write `path`. Returns the file a write would replace (symbolic links resolved).
    @discardableResult
    public static func fileTarget(_ path: String, what: String,
                                  inputs: [String] = []) throws(FileWriteError) -> String {
        let fail = { (reason: String) in FileWriteError(file: path, what: what, reason: reason) }
        guard !path.isEmpty else { throw fail("no file name given") }
        let target = try resolved(path, fail: fail)
        var info = stat()
        if stat(target, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { throw fail("it is a directory") }
            if info.st_mode & S_IFMT != S_IFREG { throw fail("it is not a regular file (a device, pipe or socket)") }
        } else if path.hasSuffix("/") {
            throw fail("no such directory")
        }
        if let input = input(at: target, among: inputs) {
            throw fail("it is the input '\(input)'; choose another output")
        }
        return target
    }

    /// Writes a folder of `files` (name and content) at `path`: built in a hidden temporary
    /// sibling, then renamed into place. Missing parent folders are created. An existing
    /// folder is replaced, once the new one is complete, only if it holds nothing but files
    /// of these names (an earlier run's output); otherwise writing is refused.
    public static func writeFolder(_ files: [(name: String, data: Data)], at path: String, what: String,
                                   inputs: [String] = []) throws(FileWriteError) {
        let fail = { (reason: String) in FileWriteError(file: path, what: what, reason: reason) }
        try makeFolder((absolute(path) as NSString).deletingLastPathComponent, what: what)
        let target = try folderTarget(path, what: what, names: files.map(\.name), inputs: inputs)
        let parent = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let temporary = "\(parent)/.\(name).\(UUID().uuidString).tmp"
        if let code = InProgress.shared.create(temporary, { mkdir(temporary, 0o777) == 0 ? nil : errno }) {
            throw fail(reason(code, place: parent))
        }
        defer { InProgress.shared.remove(temporary) }
        var backup: String?
        do {
            for file in files {
                let writer = try AtomicFileWriter(target: "\(temporary)/\(file.name)", path: "\(path)/\(file.name)",
                                                  what: what)
                try writer.write(file.data)
                try writer.commit()
            }
            try faults.run(target: target, temporary: temporary)
            if access(target, F_OK) == 0 {
                // An earlier run's folder: set aside, replaced, then removed.
                let aside = "\(parent)/.\(name).\(UUID().uuidString).old"
                guard rename(target, aside) == 0 else { throw fail(reason(errno, place: target)) }
                backup = aside
            }
            guard rename(temporary, target) == 0 else { throw fail(reason(errno, place: parent)) }
        } catch {
            if let backup { _ = rename(backup, target) }
            try? FileManager.default.removeItem(atPath: temporary)
            throw error as? FileWriteError ?? fail("\(error)")
        }
        if let backup { try? FileManager.default.removeItem(atPath: backup) }
    }

    /// Checks, before any work is done, that `writeFolder` would be allowed to write a
    /// folder of files named `names` at `path`. Returns the folder it would replace.
    @discardableResult
    public static func folderTarget(_ path: String, what: String, names: [String],
                                    inputs: [String] = []) throws(FileWriteError) -> String {
        let fail = { (reason: String) in FileWriteError(file: path, what: what, reason: reason) }
        guard !path.isEmpty else { throw fail("no folder name given") }
        // Parents that do not exist yet are created by writeFolder; resolve what exists.
        let target = try resolved(path, fail: fail, missingParentsAllowed: true)
        var info = stat()
        if stat(target, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw fail("it is a file, not a folder") }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
            if let other = contents.sorted().first(where: { !names.contains($0) }) {
                throw fail("the folder holds '\(other)', which is not part of \(what); "
                           + "choose another folder or empty it")
            }
        }
        for input in inputs {
            guard let real = realPath(input) else { continue }
            if real == target || real.hasPrefix(target + "/") {
                throw fail("it holds the input '\(input)'; choose another folder")
            }
        }
        return target
    }

    /// A test seam: a write to a target registered here calls its closure with the complete
    /// temporary file or folder just before the rename; a throw stands for a failing rename.
    /// Keyed by target, so that writes elsewhere (tests run in parallel) are not affected.
    static let faults = Faults()

    final class Faults: @unchecked Sendable {
        private let lock = NSLock()
        private var byTarget: [String: @Sendable (String) throws -> Void] = [:]

        /// Registers `fault` for writes to `target` (resolved, as `fileTarget` returns it); nil removes it.
        func set(_ target: String, _ fault: (@Sendable (String) throws -> Void)?) {
            lock.lock()
            defer { lock.unlock() }
            byTarget[target] = fault
        }

        func run(target: String, temporary: String) throws {
            lock.lock()
            let fault = byTarget[target]
            lock.unlock()
            try fault?(temporary)
        }
    }

    /// Creates `folder` and its missing parents, unless it exists.
    public static func makeFolder(_ folder: String, what: String) throws(FileWriteError) {
        let folder = absolute(folder)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            if !isFolder.boolValue {
                throw FileWriteError(file: folder, what: what, reason: "it is a file, not a folder")
            }
            return
        }
        let parent = (folder as NSString).deletingLastPathComponent
        try makeFolder(parent, what: what)
        guard mkdir(folder, 0o777) == 0 || errno == EEXIST else {
            throw FileWriteError(file: folder, what: what, reason: reason(errno, place: parent))
        }
    }

    // MARK: - Paths

    /// The path a write to `path` lands on: absolute, with every symbolic link followed (a
    /// link to a file that does not exist yet leads to that file) and the folder canonical.
    private static func resolved(_ path: String, fail: (String) -> FileWriteError,
                                 missingParentsAllowed: Bool = false) throws(FileWriteError) -> String {
        var current = absolute(path)
        for hop in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                if errno == ENOTDIR { throw fail("a part of the path is not a folder") }
                let parent = (current as NSString).deletingLastPathComponent
                let name = (current as NSString).lastPathComponent
                if let folder = realPath(parent) { return folder == "/" ? "/\(name)" : "\(folder)/\(name)" }
                if missingParentsAllowed { return current }
                // Name the folder as the user gave it, unless a link led elsewhere.
                let given = (path as NSString).deletingLastPathComponent
                throw fail("no such folder '\(hop == 0 && !given.isEmpty ? given : parent)'")
            }
            guard info.st_mode & S_IFMT == S_IFLNK else { return realPath(current) ?? current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length >= 0 else { throw fail(reason(errno, place: current)) }
            let link = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : ((current as NSString).deletingLastPathComponent as NSString)
                .appendingPathComponent(link)
        }
        throw fail("too many levels of symbolic links")
    }

    /// Which of `inputs` is the file at `target` (the same path once resolved, or the same
    /// file through another hard link), if any.
    private static func input(at target: String, among inputs: [String]) -> String? {
        var targetInfo = stat()
        let targetExists = stat(target, &targetInfo) == 0
        return inputs.first { input in
            if realPath(input) == target { return true }
            var info = stat()
            return targetExists && stat(input, &info) == 0
                && info.st_dev == targetInfo.st_dev && info.st_ino == targetInfo.st_ino
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    private static func absolute(_ path: String) -> String {
        let folder = FileManager.default.currentDirectoryPath as NSString
        return path.hasPrefix("/") ? path : folder.appendingPathComponent(path)
    }

    /// A short reason for a failed system call, naming the place where it matters.
    static func reason(_ code: Int32, place: String) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied in '\(place)'"
        case EROFS: return "'\(place)' is on a read-only file system"
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "the disk quota is exhausted"
        case EFBIG: return "the file is too large (file size limit)"
        case ENOENT: return "no such folder '\(place)'"
        case ENOTDIR: return "a part of the path is not a folder"
        case EISDIR: return "it is a directory"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}

/// A file written piece by piece with `AtomicFile`'s guarantees: the pieces go to a hidden
/// temporary file beside the target, which `commit()` renames over it; until then the
/// target is as before, and a writer dropped without `commit()` removes its temporary file.
public final class AtomicFileWriter {
    private let path: String
    private let what: String
    private let target: String
    private let temporary: String
    private var descriptor: Int32

    /// Checks the target as `AtomicFile.fileTarget` does and opens the temporary file.
    public convenience init(path: String, what: String, inputs: [String] = []) throws(FileWriteError) {
        try self.init(target: try AtomicFile.fileTarget(path, what: what, inputs: inputs), path: path, what: what)
    }

    /// Opens the temporary file for `target`, a checked file path; `path` names it in messages.
    init(target: String, path: String, what: String) throws(FileWriteError) {
        self.path = path
        self.what = what
        self.target = target
        let folder = (target as NSString).deletingLastPathComponent
        let temporary = "\(folder)/.\((target as NSString).lastPathComponent).\(UUID().uuidString).tmp"
        self.temporary = temporary
        var opened: Int32 = -1
        let code = InProgress.shared.create(temporary) {
            opened = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            return opened >= 0 ? nil : errno
        }
        descriptor = opened
        if let code { throw FileWriteError(file: path, what: what, reason: AtomicFile.reason(code, place: folder)) }
        // Keep the permissions of the file being replaced.
        var existing = stat()
        if stat(target, &existing) == 0 { _ = fchmod(descriptor, existing.st_mode & 0o7777) }
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporary)
        }
        InProgress.shared.remove(temporary)
    }

    /// Appends `bytes` to the temporary file.
    public func write(_ bytes: some ContiguousBytes) throws(FileWriteError) {
        let code = bytes.withUnsafeBytes { raw -> Int32? in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let written = writeBytes(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let code { throw failure(code) }
    }

    /// Completes the file: flushed to disk and renamed over the target.
    public func commit() throws(FileWriteError) {
        let code: Int32? = fsync(descriptor) != 0 ? errno : nil
        let closed = close(descriptor) == 0 ? nil : errno
        descriptor = -1
        do {
            if let code = code ?? closed { throw failure(code) }
            try AtomicFile.faults.run(target: target, temporary: temporary)
            guard rename(temporary, target) == 0 else { throw failure(errno) }
        } catch {
            unlink(temporary)
            InProgress.shared.remove(temporary)
            throw error as? FileWriteError ?? FileWriteError(file: path, what: what, reason: "\(error)")
        }
        InProgress.shared.remove(temporary)
    }

    private func failure(_ code: Int32) -> FileWriteError {
        FileWriteError(file: path, what: what,
                       reason: AtomicFile.reason(code, place: (target as NSString).deletingLastPathComponent))
    }
}

/// The system call write(2), outside `AtomicFileWriter` whose own `write` would shadow it.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

extension AtomicFile {
    /// Removes every temporary file and folder still being written; for a program about to
    /// exit on a signal, so that an interrupted write leaves nothing behind (the writes
    /// themselves are then abandoned).
    /// No write creates a temporary afterwards: call it only right before exiting.
    public static func removeTemporaries() {
        InProgress.shared.removeAllAndStop()
    }
}

/// The temporaries of `AtomicFile` and `AtomicFileWriter` not yet renamed or removed.
private final class InProgress: @unchecked Sendable {  // guarded by `lock`
    static let shared = InProgress()
    private let lock = NSLock()
    private var set: Set<String> = []

    /// Creates a temporary with `make` (nil on success, else the error number) and records
    /// it, both under the lock: a stop that comes between the two would miss the file.
    func create(_ path: String, _ make: () -> Int32?) -> Int32? {
        lock.withLock {
            let code = make()
            if code == nil { set.insert(path) }
            return code
        }
    }

    func remove(_ path: String) { _ = lock.withLock { set.remove(path) } }

    /// Removes every recorded temporary and keeps the lock for good, so that a write under
    /// way on another thread cannot create one more before the program exits.
    func removeAllAndStop() {
        lock.lock()
        for path in set { try? FileManager.default.removeItem(atPath: path) }
    }
}
