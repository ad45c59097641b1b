/// The README's F# example (examples/own-model.fsx) runs as written in a fresh `dotnet fsi`, and its model learns.
module Research.Fsx.Tests.OwnModelExampleTests

open System.IO
open System.Text.RegularExpressions
open Xunit
open Research.Fsx.Tests.TestSetup

[<Fact>]
let ``the README's own-model example runs in dotnet fsi and its loss falls`` () =
    let script = Path.Combine(repoRoot, "examples", "own-model.fsx")
    let readme = File.ReadAllText(Path.Combine(repoRoot, "README.md"))
    let body = (File.ReadAllText script).Split('\n', 2).[1].TrimEnd()
    Assert.True(readme.Contains(body), "the README's example differs from examples/own-model.fsx")
    let code, stdout, stderr = runProcess "dotnet" [ "fsi"; "--quiet"; script ] repoRoot
    Assert.True((code = 0), $"exit code {code}\n{stdout}\n{stderr}")
    let losses = [ for m in Regex.Matches(stdout, @"loss (\d+\.\d+)") -> float m.Groups[1].Value ]
    Assert.Equal(4, losses.Length)
    // Untrained, the loss is about ln 50 = 3.9; each token has one successor, so cross entropy can reach near 0.
    Assert.True(List.last losses < 0.5, $"the example did not learn: {losses}")
