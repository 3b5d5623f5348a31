import CLibCSV

/// What a `CSVStream` reports, field by field, as raw bytes: no text is made per field.
/// A handler returns false to stop the stream (it keeps its own reason). A class rather
/// than a protocol so that libcsv's callbacks can call it without retaining it per field.
/// Subclasses override both methods (the defaults accept and ignore) and must not feed
/// the stream from inside them.
open class CSVFieldHandler {
    public init() {}

    /// One field of the record that starts on `line`; `index` is 0-based. The bytes are
    /// libcsv's buffer, valid only during the call.
    open func field(_ bytes: UnsafeBufferPointer<UInt8>, index: Int, line: Int) -> Bool { true }
    /// The end of a record of `fieldCount` fields that starts on `line`.
    open func endRecord(fieldCount: Int, line: Int) -> Bool { true }
}

/// Incremental parsing with libcsv: bytes arrive in pieces of any size (a file read block by
/// block), fields leave as raw bytes to a `CSVFieldHandler`. The same rules as
/// `CSVReader.parse`, which is built on it: the input reaches `csv_parse` one physical line
/// (or the part of one in this piece) at a time, so every record knows its first line.
public final class CSVStream {
    private var parser = csv_parser()
    private let separator: UInt8
    /// What the callbacks share, in memory of its own: they reach it through libcsv's
    /// context pointer, with no run-time exclusivity check per field as a class property has.
    private let state: UnsafeMutablePointer<StreamState>
    private var lineNumber = 0
    /// The last piece ended inside a line (its continuation does not start a new line), or
    /// just after a CR (an LF starting the next piece completes that line end).
    private var insideLine = false
    private var afterCR = false
    private var atStart = true
    /// The first bytes while fewer than a byte order mark's three have arrived.
    private var opening: [UInt8] = []
    /// The longest field accepted, in bytes.
    public let maximumFieldBytes: Int
    /// The default longest field: far beyond any value in a data file, and a clear error
    /// instead of memory growing without end on input that is not CSV (/dev/zero through a
    /// pipe, a binary file without line breaks).
    public static let defaultMaximumFieldBytes = 64 << 20

    /// - Parameters:
    ///   - delimiter: the field separator (see `CSVReader.detectDelimiter`).
    ///   - maximumFieldBytes: a longer field is an error.
    public init(delimiter: UInt8, maximumFieldBytes: Int = CSVStream.defaultMaximumFieldBytes) throws(CSVReadError) {
        self.maximumFieldBytes = maximumFieldBytes
        guard csv_init(&parser, UInt8(CSV_STRICT | CSV_STRICT_FINI)) == 0 else {
            throw CSVReadError(line: 1, field: nil, message: "could not initialise the CSV parser")
        }
        separator = delimiter
        state = .allocate(capacity: 1)
        state.initialize(to: StreamState())
        csv_set_delim(&parser, delimiter)
    }

    deinit {
        csv_free(&parser)
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Parses the next piece of the input. Returns false when the handler stopped.
    /// - Throws: malformed CSV, with the line and field where libcsv gave up.
    public func feed(_ piece: UnsafeBufferPointer<UInt8>, to handler: CSVFieldHandler) throws(CSVReadError) -> Bool {
        if atStart {
            // A byte order mark counts only at the very start of the input.
            if !opening.isEmpty || piece.count < 3 {
                opening += piece
                guard opening.count >= 3 else { return true }
                let joined = opening
                opening = []
                atStart = false
                return try joined.withUnsafeBufferPointer { (buffer) throws(CSVReadError) in
                    try feed(buffer, to: handler, skippingMark: isByteOrderMark(buffer))
                }
            }
            atStart = false
            return try feed(piece, to: handler, skippingMark: isByteOrderMark(piece))
        }
        return try feed(piece, to: handler, skippingMark: false)
    }

    /// A byte count as the error says it: whole MiB when it is some.
    private static func bytes(_ count: Int) -> String {
        count >= 1 << 20 && count % (1 << 20) == 0 ? "\(count >> 20) MiB" : "\(count) bytes"
    }

    private func isByteOrderMark(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
        piece.count >= 3 && piece[0] == 0xEF && piece[1] == 0xBB && piece[2] == 0xBF
    }

    private func feed(_ piece: UnsafeBufferPointer<UInt8>, to handler: CSVFieldHandler,
                      skippingMark: Bool) throws(CSVReadError) -> Bool {
        var start = skippingMark ? 3 : 0
        if afterCR && start < piece.count && piece[start] == UInt8(ascii: "\n") {
            // The LF of a CRLF split between pieces: part of the line already counted.
            guard try parse(piece, start, start + 1, handler: handler) else { return false }
            start += 1
        }
        afterCR = false
        while start < piece.count {
            if !insideLine { lineNumber += 1 }
            let end = CSVReader.endOfLine(piece, from: start)
            let last = piece[end - 1]
            insideLine = last != UInt8(ascii: "\n") && last != UInt8(ascii: "\r")
            afterCR = last == UInt8(ascii: "\r")
            guard try parse(piece, start, end, handler: handler) else { return false }
            start = end
        }
        return true
    }

    /// Ends the input: a last record without a line end is reported, an open quote is an error.
    public func finish(to handler: CSVFieldHandler) throws(CSVReadError) {
        if !opening.isEmpty {
            // An input of one or two bytes: too short for a byte order mark.
            let rest = opening
            opening = []
            atStart = false
            let going = try rest.withUnsafeBufferPointer { (buffer) throws(CSVReadError) in
                try feed(buffer, to: handler, skippingMark: false)
            }
            if !going { return }
        }
        state.pointee.handler = Unmanaged.passUnretained(handler)
        defer { state.pointee.handler = nil }
        state.pointee.currentLine = max(lineNumber, 1)
        let context = UnsafeMutableRawPointer(state)
        if csv_fini(&parser, streamField, streamRecord, context) != 0 {
            throw CSVReadError(line: state.pointee.recordStartLine ?? max(lineNumber, 1),
                               field: state.pointee.fieldCount + 1, message: CSVReader.describe(csv_error(&parser)))
        }
    }

    private func parse(_ piece: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                       handler: CSVFieldHandler) throws(CSVReadError) -> Bool {
        if state.pointee.recordStartLine == nil && !CSVReader.isBlank(piece, start, end, delimiter: separator) {
            state.pointee.recordStartLine = lineNumber
        }
        state.pointee.currentLine = lineNumber
        state.pointee.handler = Unmanaged.passUnretained(handler)
        defer { state.pointee.handler = nil }
        let context = UnsafeMutableRawPointer(state)
        var from = start
        while from < end {
            // libcsv holds the field being read in its buffer (entry_pos bytes): no call may
            // take it past the limit unchecked, so a line is passed in parts when it could.
            let room = max(1, maximumFieldBytes + 1 - parser.entry_pos)
            let length = min(end - from, room)
            let consumed = csv_parse(&parser, piece.baseAddress.map { $0 + from }, length,
                                     streamField, streamRecord, context)
            if state.pointee.stopped { return false }
            if consumed != length {
                throw CSVReadError(line: lineNumber, field: state.pointee.fieldCount + 1,
                                   message: CSVReader.describe(csv_error(&parser)))
            }
            if parser.entry_pos > maximumFieldBytes {
                throw CSVReadError(line: state.pointee.recordStartLine ?? lineNumber,
                                   field: state.pointee.fieldCount + 1,
                                   message: "a field longer than \(Self.bytes(maximumFieldBytes)): not CSV data")
            }
            from += length
        }
        return true
    }
}

/// What libcsv's callbacks need between calls.
private struct StreamState {
    /// Set only while `parse` or `finish`, which hold the handler, call into libcsv: not
    /// retained again by every field's callback.
    var handler: Unmanaged<CSVFieldHandler>?
    var fieldCount = 0
    var recordStartLine: Int?
    var currentLine = 0
    var stopped = false
}

private func streamField(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    guard let state = context?.assumingMemoryBound(to: StreamState.self) else { return }
    guard !state.pointee.stopped, let handler = state.pointee.handler else { return }
    let bytes = UnsafeBufferPointer(start: data?.assumingMemoryBound(to: UInt8.self), count: data == nil ? 0 : length)
    let line = state.pointee.recordStartLine ?? state.pointee.currentLine
    let index = state.pointee.fieldCount
    if !handler._withUnsafeGuaranteedRef({ $0.field(bytes, index: index, line: line) }) {
        state.pointee.stopped = true
    }
    state.pointee.fieldCount += 1
}

private func streamRecord(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    guard let state = context?.assumingMemoryBound(to: StreamState.self) else { return }
    guard !state.pointee.stopped, let handler = state.pointee.handler else { return }
    let line = state.pointee.recordStartLine ?? state.pointee.currentLine
    let count = state.pointee.fieldCount
    if !handler._withUnsafeGuaranteedRef({ $0.endRecord(fieldCount: count, line: line) }) {
        state.pointee.stopped = true
    }
    state.pointee.fieldCount = 0
    state.pointee.recordStartLine = nil
}
