/// Shared by the tests: no parallel tests (notebook runs set the run store's environment variable, and the
/// machine's cores are few), the repository's folders, and small notebooks written as data.
module Research.Fsx.Tests.TestSetup

open System
open System.Diagnostics
open System.IO
open System.Text.Json.Nodes
open Xunit
open Research.Fsx
open Research.Fsx.Notebooks

[<assembly: CollectionBehavior(DisableTestParallelization = true)>]
do ()

/// The checkout this test assembly was built from.
let repoRoot =
    Seq.unfold (Option.map (fun (d: DirectoryInfo) -> d, Option.ofObj d.Parent)) (Some(DirectoryInfo AppContext.BaseDirectory))
    |> Seq.find (fun d -> File.Exists(Path.Combine(d.FullName, "kit")) && Directory.Exists(Path.Combine(d.FullName, "notebooks")))
    |> fun d -> d.FullName

/// Debug or Release: the configuration of this test build.
let configuration = (nonNull (DirectoryInfo AppContext.BaseDirectory).Parent).Name

/// The `research` executable of the same configuration (built first: the test project depends on it).
let research = Path.Combine(repoRoot, "src", "Research.Cli", "bin", configuration, "net10.0", "research")

/// Where the Release build publishes the kit for notebooks to #r (artifacts/kit/).
let kitDir = Path.Combine(repoRoot, "artifacts", "kit").Replace("\\", "/")

/// A fresh temporary folder, deleted when disposed.
type TempDir() =
    let dir = Directory.CreateTempSubdirectory "research-fsx-tests-"
    member _.Path = dir.FullName
    member _.File(name: string) = Path.Combine(dir.FullName, name)
    interface IDisposable with
        member _.Dispose() = dir.Delete(recursive = true)

/// A code cell: its source, and its tags (e.g. "parameters").
type TestCell =
    | Code of string
    | Tagged of string * string list
    | Markdown of string

/// Writes a Polyglot F# notebook with the given cells.
let writeNotebook (path: string) (cells: TestCell list) =
    let array = JsonArray()
    for i, cell in List.indexed cells do
        let o = JsonObject()
        o["id"] <- JsonValue.Create $"cell-{i}"
        match cell with
        | Markdown text ->
            o["cell_type"] <- JsonValue.Create "markdown"
            o["metadata"] <- JsonObject()
            o["source"] <- Ipynb.toLines text
        | Code source
        | Tagged(source, _) ->
            let metadata = Ipynb.polyglotCellMetadata ()
            match cell with
            | Tagged(_, tags) -> metadata["tags"] <- JsonTree.array (tags |> List.map JsonTree.value)
            | _ -> ()
            o["cell_type"] <- JsonValue.Create "code"
            o["execution_count"] <- null
            o["metadata"] <- metadata
            o["outputs"] <- JsonArray()
            o["source"] <- Ipynb.toLines source
        array.Add o
    let root = JsonObject()
    root["cells"] <- array
    root["metadata"] <- Ipynb.polyglotNotebookMetadata ()
    root["nbformat"] <- JsonValue.Create 4
    root["nbformat_minor"] <- JsonValue.Create 5
    Ipynb.save path { Path = path; Root = root }
    path

/// Starts a program with its output and errors redirected; each variable is set (Some) or removed (None) in its
/// environment, the rest inherited.
let startProcessWith (environment: (string * string option) list) (fileName: string) (arguments: string list) (workingDir: string) =
    let info = ProcessStartInfo(fileName, arguments, WorkingDirectory = workingDir, RedirectStandardOutput = true, RedirectStandardError = true)
    for name, value in environment do
        match value with
        | Some v -> info.Environment[name] <- v
        | None -> info.Environment.Remove name |> ignore
    nonNull (Process.Start info)

/// Starts a program with its output and errors redirected.
let startProcess (fileName: string) (arguments: string list) (workingDir: string) = startProcessWith [] fileName arguments workingDir

/// Runs a program to its end in the given environment (see startProcessWith): exit code, stdout and stderr.
let runProcessWith (environment: (string * string option) list) (fileName: string) (arguments: string list) (workingDir: string) =
    use proc = startProcessWith environment fileName arguments workingDir
    let stdout = proc.StandardOutput.ReadToEndAsync()
    let stderr = proc.StandardError.ReadToEndAsync()
    proc.WaitForExit()
    proc.ExitCode, stdout.Result, stderr.Result

/// Runs a program to its end: exit code, stdout and stderr.
let runProcess (fileName: string) (arguments: string list) (workingDir: string) = runProcessWith [] fileName arguments workingDir

/// Validates a notebook with Debian's python3-nbformat (the reference implementation of the schema); fails
/// the test with nbformat's message when it is invalid.
let assertValidNotebook (path: string) =
    let script = "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)); print('valid')"
    let code, stdout, stderr = runProcess "/usr/bin/python3" [ "-c"; script; path ] (Research.Fsx.Folders.ofFile path)
    Assert.True((code = 0 && stdout.Trim() = "valid"), $"nbformat rejected {path}: {stderr}")

/// The outputs of the code cells, in order.
let codeOutputs (path: string) =
    let nb = Ipynb.load path
    Ipynb.cells nb |> List.filter (fun c -> Ipynb.cellType c = "code") |> List.map Ipynb.readOutputs
