import Foundation

/// The scratch folder inputs are read in, made on the first input and removed at exit.
let workspace: Workspace = {
    let made = Workspace.make()
    atexit { try? FileManager.default.removeItem(atPath: workspace.directory) }
    return made
}()

#if SOP_FUZZ
/// libFuzzer's entry point: built with `swift build -sanitize=fuzzer -Xswiftc -DSOP_FUZZ`
/// (see `.ci/fuzz.sh`), libFuzzer provides `main` and calls this once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FuzzInput.run(Data(bytes: bytes, count: count), in: workspace)
    return 0
}
#else
/// Without the fuzzer (a plain `swift build`), `sop-fuzz FILE...` replays inputs through the
/// same path, e.g. a crash libFuzzer found, under a debugger.
@main
enum ReplayInputs {
    static func main() {
        let files = CommandLine.arguments.dropFirst()
        guard !files.isEmpty else {
            FileHandle.standardError.write(Data("usage: sop-fuzz FILE... (build with .ci/fuzz.sh to fuzz)\n".utf8))
            exit(2)
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("sop-fuzz: cannot read \(file)\n".utf8))
                exit(2)
            }
            FuzzInput.run(data, in: workspace)
            print("ok \(file)")
        }
    }
}
#endif
