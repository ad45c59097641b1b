/// `research info` in a fresh process: TorchSharp loads there by the route the build set up (on Debian 12 the
/// weak-version copy of its shim), and the process runs with concurrent GC off, as every kit process that trains.
module Research.Fsx.Tests.CliInfoTests

open System.Text.RegularExpressions
open Xunit
open Research.Fsx.Tests.TestSetup

let private field (name: string) (stdout: string) =
    let m = Regex.Match(stdout, $"^{Regex.Escape name} +(.+)$", RegexOptions.Multiline)
    Assert.True(m.Success, $"research info printed no '{name}' line:\n{stdout}")
    m.Groups[1].Value.Trim()

[<Fact>]
let ``research info loads TorchSharp in a fresh process and reports libtorch 2.10, the route and the GC`` () =
    use dir = new TempDir()
    let code, stdout, stderr = runProcess research [ "info" ] dir.Path
    Assert.True((code = 0), $"exit code {code}\n{stdout}\n{stderr}")
    Assert.StartsWith("2.10.", field "libtorch" stdout)
    Assert.StartsWith("0.107.", field "TorchSharp" stdout)
    // The route names the shim that was actually mapped into the process, so loading it is part of the check.
    Assert.Matches("libLibTorchSharp\\.so$", field "native shim" stdout)
    Assert.Matches("^\\d+ intra-op", field "threads" stdout)
    Assert.StartsWith("cpu", field "devices" stdout)
    Assert.Equal("workstation, concurrent off", field "GC" stdout)

/// `research info`'s allocator lines, with the allocator variables removed from the child's environment and then
/// the given ones set.
let private infoWithEnvironment (variables: (string * string) list) =
    use dir = new TempDir()
    let removed = [ "THP_MEM_ALLOC_ENABLE"; "GLIBC_TUNABLES"; "RESEARCH_MALLOC" ] |> List.map (fun name -> name, None)
    let code, stdout, stderr = runProcessWith (removed @ [ for name, value in variables -> name, Some value ]) research [ "info" ] dir.Path
    Assert.True((code = 0), $"exit code {code}\n{stdout}\n{stderr}")
    field "malloc" stdout, field "huge pages" stdout

[<Fact>]
let ``the kit sets glibc's malloc thresholds and libtorch's huge pages unless the environment sets them`` () =
    let malloc, hugePages = infoWithEnvironment []
    Assert.Equal("mmap threshold 32 MiB, trim threshold 256 MiB, set by the kit", malloc)
    Assert.StartsWith("THP_MEM_ALLOC_ENABLE=1, set by the kit", hugePages)
    let malloc, hugePages = infoWithEnvironment [ "THP_MEM_ALLOC_ENABLE", "0"; "RESEARCH_MALLOC", "default" ]
    Assert.StartsWith("glibc's, left to the environment", malloc)
    Assert.StartsWith("THP_MEM_ALLOC_ENABLE=0, as the environment set it", hugePages)
    let malloc, _ = infoWithEnvironment [ "GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1000000" ]
    Assert.Contains("GLIBC_TUNABLES=glibc.malloc.trim_threshold=1000000", malloc)
