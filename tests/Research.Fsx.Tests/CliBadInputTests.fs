/// Every `research` verb given missing files, malformed files and wrong arguments ends with exit code 2 and one line
/// on stderr naming the problem, never a stack trace; a bad config is refused before any data loads.
module Research.Fsx.Tests.CliBadInputTests

open System.IO
open Xunit
open Research.Fsx.Tests.TestSetup

/// Files the cases point at, written into one temporary folder ({dir} in a case's arguments).
let private files =
    [ "malformed.json", """{ "variant": """
      "variant-null.json", """{ "variant": null }"""
      "checkpoints-null.json", """{ "checkpoints": null }"""
      "unknown-field.json", """{ "varaint": "AL" }"""
      "wrong-type.json", """{ "seed": "one" }"""
      "out-of-range.json", """{ "tau": -1 }"""
      "list.json", "[1, 2, 3]"
      "not-json.ipynb", "hello"
      "list.ipynb", "[]"
      "not-a-db.db", "hello, I am text"
      "labo-no-temperature.json", """{ "method": "labo-r", "alpha": 0.3 }"""
      "labo-mt-noise.json", """{ "method": "ls", "alpha": 0.1, "noise": 0.5 }""" ]

/// (arguments, a fragment the one-line message must contain)
let cases: obj[] list =
    [ [ "frobnicate" ], "Unrecognized command or argument 'frobnicate'"
      [], "Required command was not provided"
      [ "info"; "--bogus" ], "Unrecognized command or argument '--bogus'"
      [ "train" ], "Required command was not provided"
      [ "train"; "lm" ], "Option '--config' is required"
      [ "train"; "lm"; "--config"; "{dir}/missing.json" ], "config file {dir}/missing.json does not exist"
      [ "train"; "lm"; "--config"; "{dir}" ], "config file {dir} does not exist"
      [ "train"; "lm"; "--config"; "{dir}/malformed.json" ], "{dir}/malformed.json: not valid JSON"
      [ "train"; "lm"; "--config"; "{dir}/variant-null.json" ], "{dir}/variant-null.json: field 'variant' must not be null"
      [ "train"; "lm"; "--config"; "{dir}/checkpoints-null.json" ], "{dir}/checkpoints-null.json: field 'checkpoints' must not be null"
      [ "train"; "lm"; "--config"; "{dir}/unknown-field.json" ], "{dir}/unknown-field.json: unknown field 'varaint'"
      [ "train"; "lm"; "--config"; "{dir}/wrong-type.json" ], "{dir}/wrong-type.json: field 'seed' is \"one\"; allowed: an integer"
      [ "train"; "lm"; "--config"; "{dir}/out-of-range.json" ], "{dir}/out-of-range.json: field 'tau' is -1; allowed: a number > 0"
      [ "train"; "lm"; "--config"; "{dir}/list.json" ], "{dir}/list.json: expected a JSON object of fields"
      [ "train"; "labo"; "--config"; "{dir}/variant-null.json" ], "{dir}/variant-null.json: unknown field 'variant'"
      [ "train"; "labo"; "--config"; "{dir}/labo-no-temperature.json" ], "field 'temperature' is missing; allowed: required with method labo-r"
      [ "train"; "labo"; "--config"; "{dir}/malformed.json" ], "{dir}/malformed.json: not valid JSON"
      [ "train"; "labo-mt" ], "Option '--config' is required"
      [ "train"; "labo-mt"; "--config"; "{dir}/variant-null.json" ], "{dir}/variant-null.json: unknown field 'variant'"
      [ "train"; "labo-mt"; "--config"; "{dir}/labo-no-temperature.json" ], "field 'temperature' is missing; allowed: required with method labo-r"
      [ "train"; "labo-mt"; "--config"; "{dir}/labo-mt-noise.json" ], "{dir}/labo-mt-noise.json: field 'noise' is 0.5; allowed: a number in [0, 0.2]"
      [ "train"; "guidance"; "--config"; "{dir}/variant-null.json" ], "{dir}/variant-null.json: unknown field 'variant'"
      [ "train"; "guidance"; "--config"; "{dir}/out-of-range.json" ], "{dir}/out-of-range.json: unknown field 'tau'"
      [ "train"; "dist2"; "--config"; "{dir}/variant-null.json" ], "{dir}/variant-null.json: unknown field 'variant'"
      [ "train"; "dist2"; "--config"; "{dir}/out-of-range.json" ], "{dir}/out-of-range.json: field 'tau' is -1; allowed: a number > 0"
      [ "train"; "ile"; "--config"; "{dir}/variant-null.json" ], "{dir}/variant-null.json: unknown field 'variant'"
      [ "train"; "ile"; "--config"; "{dir}/wrong-type.json" ], "{dir}/wrong-type.json: field 'seed' is \"one\"; allowed: an integer"
      [ "sweep"; "dist2"; "--workers"; "0" ], "--workers must be at least 1, got 0"
      [ "sweep"; "dist2"; "--seeds"; "1,one" ], "--seeds: 'one' is not an integer"
      [ "sweep"; "dist2"; "--scale"; "huge" ], "unknown scale 'huge'"
      [ "sweep"; "dist2"; "--steps"; "0" ], "--steps must be at least 1, got 0"
      [ "sweep"; "guidance"; "--copy-seeds"; "1,x" ], "--copy-seeds: 'x' is not an integer"
      [ "sweep"; "guidance"; "--scale"; "huge" ], "unknown scale 'huge': expected quick, full or toy"
      [ "sweep"; "guidance"; "--epochs"; "0" ], "--epochs must be at least 1, got 0"
      [ "sweep"; "labo"; "--scale"; "huge" ], "unknown scale 'huge': expected toy, quick or full"
      [ "sweep"; "labo"; "--epochs"; "0" ], "--epochs must be at least 1, got 0"
      [ "sweep"; "labo-mt"; "--data"; "klingon"; "--scale"; "toy" ], "translation data 'klingon': expected mt or word-mapping"
      [ "data"; "prepare" ], "Required argument 'name' missing for command: 'prepare'"
      [ "data"; "prepare"; "no-such-set"; "--no-install" ], "no-such-set"
      [ "data"; "prepare"; "kjv"; "--set"; "vocab"; "--no-install"; "--data-dir"; "{dir}/cache" ], "--set 'vocab': expected key=value"
      [ "data"; "show"; "fashion-mnist"; "--data-dir"; "{dir}/cache" ], "is not prepared"
      [ "data"; "show"; "kjv"; "--pairs"; "many" ], "many"
      [ "nb"; "run"; "{dir}/missing.ipynb"; "--in-place" ], "{dir}/missing.ipynb"
      [ "nb"; "run"; "{dir}/not-json.ipynb"; "--out"; "{dir}/out" ], "{dir}/not-json.ipynb"
      [ "nb"; "run"; "{dir}/list.ipynb"; "--in-place" ], "{dir}/list.ipynb"
      [ "nb"; "run"; "{dir}/list.ipynb" ], "give --out DIR (or --out FILE.ipynb) for the executed notebook, or --in-place"
      [ "nb"; "run"; "{dir}/list.ipynb"; "--in-place"; "--out"; "{dir}/out" ], "--out {dir}/out and --in-place both given"
      [ "nb"; "run"; "{dir}/list.ipynb"; "{dir}/not-json.ipynb"; "--out"; "{dir}/one.ipynb" ], "--out {dir}/one.ipynb names one notebook file, but 2 notebooks are to run"
      [ "reproduce"; "--scale"; "huge" ], "huge"
      [ "reproduce"; "--notebooks"; "{dir}/missing" ], "{dir}/missing"
      [ "runs"; "list"; "--db"; "{dir}/missing.db" ], "no run store at {dir}/missing.db"
      [ "runs"; "list"; "--db"; "{dir}/not-a-db.db" ], "{dir}/not-a-db.db: not a readable run store"
      [ "runs"; "list"; "--db"; "{dir}" ], "no run store at {dir}"
      [ "runs"; "export"; "--what"; "everything" ], "Argument 'everything' not recognized. Must be one of: 'runs' 'metrics' 'results'" ]
    |> List.map (fun (args, fragment) -> [| box args; box fragment |])

let private folder =
    lazy
        (let dir = Directory.CreateTempSubdirectory "research-bad-input-"
         for name, text in files do
             File.WriteAllText(Path.Combine(dir.FullName, name), text)
         dir.FullName)

[<Theory>]
[<MemberData(nameof cases)>]
let ``a bad input ends with exit code 2 and one line naming the problem`` (args: string list) (fragment: string) =
    let dir = folder.Force()
    let fill (s: string) = s.Replace("{dir}", dir)
    let code, stdout, stderr = runProcess research (args |> List.map fill) dir
    let lines = stderr.Trim().Split('\n')
    let command = String.concat " " args
    let shown = $"research {command}\nexit {code}\nstdout: {stdout}\nstderr: {stderr}"
    Assert.True((code = 2), $"expected exit code 2:\n{shown}")
    Assert.True((lines.Length = 1 && lines[0] <> ""), $"expected one line on stderr:\n{shown}")
    Assert.Contains(fill fragment, lines[0])
    Assert.DoesNotContain("   at ", stderr)
    Assert.DoesNotContain("Loading", stdout)   // a config is refused before any data loads

/// A cached variant whose file no longer matches its manifest: `data list` marks it CORRUPT (exit 0, it only lists),
/// `data show` refuses it with exit 2 and says how to rebuild it.
[<Fact>]
let ``data list and data show verify what they report and mark a corrupt variant`` () =
    use dir = new TempDir()
    let cache = Research.Core.Data.Cache.DataCache(Path.Combine(dir.Path, "cache"))
    let recipe = Research.Core.Data.DataSetCatalog.Find "fashion-mnist"
    let variant = recipe.VariantOf(recipe.ResolveOptions null)
    cache.BuildAtomically("fashion-mnist", variant, fun folder ->
        File.WriteAllText(Path.Combine(folder, "images.bin"), "0123456789")
        Research.Core.Data.Cache.DataManifest(
            Name = "fashion-mnist", Variant = variant, PreprocessingVersion = recipe.PreprocessingVersion, Options = recipe.ResolveOptions null,
            Sources = [||], Files = [| Research.Core.Data.Cache.ManifestFile.Of(folder, "images.bin") |], Statistics = System.Text.Json.Nodes.JsonObject()))
    |> ignore
    let cacheDir = Path.Combine(dir.Path, "cache")
    let intact, listed, _ = runProcess research [ "data"; "list"; "--data-dir"; cacheDir ] dir.Path
    Assert.Equal(0, intact)
    Assert.Contains($"prepared: {variant}", listed)
    Assert.Contains("verified", listed)
    File.WriteAllText(Path.Combine(cacheDir, "fashion-mnist", variant, "images.bin"), "0123456780")   // same size
    let code, stdout, _ = runProcess research [ "data"; "list"; "--data-dir"; cacheDir ] dir.Path
    Assert.Equal(0, code)
    Assert.Contains($"CORRUPT: {variant}", stdout)
    Assert.Contains("SHA-256", stdout)
    let code, _, stderr = runProcess research [ "data"; "show"; "fashion-mnist"; "--data-dir"; cacheDir ] dir.Path
    Assert.Equal(2, code)
    Assert.Contains($"fashion-mnist/{variant} is CORRUPT", stderr)
    Assert.Contains("--force", stderr)
