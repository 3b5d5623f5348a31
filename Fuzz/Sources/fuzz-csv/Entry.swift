import FuzzChecks

/// libFuzzer calls this once per input; libFuzzer's own `main` drives the run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    checkCSV(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
