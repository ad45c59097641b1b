/// Runs a notebook on the real .NET Interactive kernel (the `dotnet-interactive` tool that Polyglot Notebooks and
/// Jupyter use), driven headless by Debian's nbclient: papermill's contract (the `parameters` cell overridden by an
/// injected cell), fail-fast (nbclient stops at the first failing cell; later cells keep no execution count),
/// execution counts filled, the executed notebook and an HTML export written, DOTNET_gcConcurrent=0 for the kernel,
/// and the figures folder passed to the kernel's chart displays as RESEARCH_FIGURES_DIR.
/// Why nbclient and not dotnet-repl: dotnet-repl runs every cell after a failure and leaves execution counts empty
/// (measured with 0.3.259); nbclient stops and fills them.
module Research.Fsx.Notebooks.KernelRunner

open System
open System.Diagnostics
open System.IO
open System.Text.Json
open System.Text.Json.Nodes
open Research.Fsx
open Research.Fsx.Notebooks.Ipynb

/// The kernel's version; the kit's dotnet-tools.json pins the same (a test checks).
[<Literal>]
let KernelVersion = "1.0.712001"

[<Literal>]
let private KernelName = "research-fsharp"

/// The environment variable that tells the kit's chart displays in the kernel where to save each figure.
[<Literal>]
let FiguresVariable = "RESEARCH_FIGURES_DIR"

/// Where `dotnet tool restore` may have put the kernel: the path the .NET CLI's tool resolver cache records (it keeps
/// a tool restored once, even under another NuGet folder), then the NuGet package folders.
let private kernelCandidates () =
    let home = Environment.GetFolderPath Environment.SpecialFolder.UserProfile
    let cliHome = Environment.GetEnvironmentVariable "DOTNET_CLI_HOME" |> Option.ofObj |> Option.defaultValue home
    let resolverCache = Path.Combine(cliHome, ".dotnet", "toolResolverCache", "1", "microsoft.dotnet-interactive")
    let cached =
        if not (File.Exists resolverCache) then []
        else
            try
                use entries = JsonDocument.Parse(File.ReadAllText resolverCache)
                [ for e in entries.RootElement.EnumerateArray() do
                      if e.GetProperty("Version").GetString() = KernelVersion then
                          match e.GetProperty("PathToExecutable").GetString() with
                          | null -> ()
                          | path -> path ]
            with :? JsonException | :? InvalidOperationException | :? Collections.Generic.KeyNotFoundException -> []
    let inPackages folder =
        let tools = Path.Combine(folder, "microsoft.dotnet-interactive", KernelVersion, "tools")
        if Directory.Exists tools then Directory.GetFiles(tools, "Microsoft.DotNet.Interactive.App.dll", SearchOption.AllDirectories) |> List.ofArray
        else []
    let packageFolders =
        [ Environment.GetEnvironmentVariable "NUGET_PACKAGES" |> Option.ofObj; Some(Path.Combine(home, ".nuget", "packages")) ] |> List.choose id
    cached @ (packageFolders |> List.collect inPackages)

/// The kernel's entry assembly, as `dotnet tool restore` installed it.
let kernelAssembly () =
    match kernelCandidates () |> List.tryFind File.Exists with
    | Some dll -> dll
    | None ->
        invalidOp $"the .NET Interactive kernel (dotnet tool microsoft.dotnet-interactive {KernelVersion}) is not installed: run `dotnet tool restore` in the kit's folder (./kit setup does)"

/// Where the kernel's HTTP ports are looked for: 100 ports from one the system just handed out. Every kernel scans
/// its range from the bottom, so with the default range (2048-3000) two kernels starting together took the same port
/// and one died ("address already in use", measured with three test runs at once).
let private httpPortRange () =
    let listener = new Net.Sockets.TcpListener(Net.IPAddress.Loopback, 0)
    listener.Start()
    let port = (listener.LocalEndpoint :?> Net.IPEndPoint).Port
    listener.Stop()
    $"{port}-{min 65535 (port + 99)}"

/// A kernel spec folder for Jupyter (JUPYTER_PATH) that starts the kernel with `dotnet <assembly> jupyter`. The
/// kernel always opens HTTP ports for browser front ends; --http-local-only keeps them off other interfaces.
let private writeKernelSpec (root: string) =
    let dotnet = Environment.GetEnvironmentVariable "DOTNET_HOST_PATH" |> Option.ofObj |> Option.defaultValue "dotnet"
    let dir = Directory.CreateDirectory(Path.Combine(root, "kernels", KernelName)).FullName
    let argv =
        [ dotnet; kernelAssembly (); "jupyter"; "--default-kernel"; "fsharp"; "--http-local-only"; "--http-port-range"; httpPortRange (); "{connection_file}" ]
    let spec =
        JsonTree.obj
            [ "argv", JsonTree.array (argv |> List.map JsonTree.value)
              "display_name", JsonTree.value ".NET (F#)"
              "language", JsonTree.value "F#"
              "env", JsonTree.obj [ "DOTNET_gcConcurrent", JsonTree.value "0" ] ]
    File.WriteAllText(Path.Combine(dir, "kernel.json"), spec.ToJsonString())

/// The nbclient driver, shipped inside this assembly.
let private writeDriver (root: string) =
    let path = Path.Combine(root, "execute_notebook.py")
    use resource = typeof<Html>.Assembly.GetManifestResourceStream "execute_notebook.py" |> nonNull
    use file = File.Create path
    resource.CopyTo file
    path

type private DriverResult = { CellsRun: int; StartupSeconds: float; Failure: JsonElement option }

let private readResult (stdout: string) =
    let line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries) |> Array.tryFindBack (fun l -> l.TrimStart().StartsWith "{")
    match line with
    | None -> None
    | Some l ->
        let json = JsonDocument.Parse(l).RootElement
        let failure = json.GetProperty "failure"
        Some
            { CellsRun = json.GetProperty("cells_run").GetInt32()
              StartupSeconds = json.GetProperty("startup_seconds").GetDouble()
              Failure = (if failure.ValueKind = JsonValueKind.Null then None else Some(failure.Clone())) }

let private exceptionLine = Text.RegularExpressions.Regex(@"^(?:[A-Za-z_][\w`]*\.)*([A-Za-z_][\w`]*): (.*)$")

/// The kernel names every failure "Error", with the exception's text (type, message, stack) as its value, and a
/// compile error "compilation error" with the compiler's messages on stderr: name the exception type and its
/// message, or the first compiler message.
let private describe (ename: string) (evalue: string) (details: string list) =
    let first = evalue.Split('\n').[0].Trim()
    match exceptionLine.Match first with
    | _ when first = "compilation error" ->
        "CompilationError", details |> List.tryFind (String.IsNullOrWhiteSpace >> not) |> Option.map (fun d -> d.Trim()) |> Option.defaultValue first
    | m when m.Success && ename = "Error" -> m.Groups[1].Value, m.Groups[2].Value
    | _ -> ename, first

let private failureOf (notebook: Notebook) (failure: JsonElement) =
    let all = cells notebook
    let index = match failure.GetProperty "cell" with | c when c.ValueKind = JsonValueKind.Number -> Some(c.GetInt32()) | _ -> None
    let cell = index |> Option.map (fun i -> all[i])
    let codeNumber = index |> Option.map (fun i -> all |> List.take (i + 1) |> List.filter (fun c -> cellType c = "code") |> List.length)
    let details = [ for line in failure.GetProperty("traceback").EnumerateArray() -> line.GetString() |> Option.ofObj |> Option.defaultValue "" ]
    let text (name: string) = failure.GetProperty(name).GetString() |> Option.ofObj |> Option.defaultValue ""
    let ename, evalue = describe (text "ename") (text "evalue") details
    { CodeCell = defaultArg codeNumber 0
      CellId = cell |> Option.bind (fun c -> JsonTree.tryString (JsonTree.at [ "id" ] c)) |> Option.defaultValue ""
      Source = cell |> Option.map source |> Option.defaultValue ""
      EName = ename
      EValue = evalue
      Details = details }

/// The files written into the figures folder since `since` (a chart shown twice rewrites its file), sorted.
let private figuresWritten (dir: string option) (since: DateTime) =
    match dir with
    | Some d when Directory.Exists d ->
        Directory.GetFiles(d, "*", SearchOption.AllDirectories)
        |> Array.filter (fun f -> File.GetLastWriteTimeUtc f >= since)
        |> Array.sort
        |> List.ofArray
    | _ -> []

/// Runs one notebook on the kernel.
let run (options: RunOptions) (path: string) : NotebookRun =
    let clock = Stopwatch.StartNew()
    // File times can be coarser than the clock: a second of slack keeps a figure written right at the start.
    let started = DateTime.UtcNow.AddSeconds -1.0
    let notebook = Ipynb.load path
    ensureCellIds notebook
    Parameters.apply notebook options.Parameters
    let work = Directory.CreateTempSubdirectory "research-kernel-"
    try
        writeKernelSpec work.FullName
        let driver = writeDriver work.FullName
        let prepared = Path.Combine(work.FullName, "prepared.ipynb")
        let executed = Path.Combine(work.FullName, "executed.ipynb")
        Ipynb.save prepared notebook
        let echo = if options.Echo.IsSome then [ "--echo" ] else []
        let info = ProcessStartInfo("/usr/bin/python3", [ driver; prepared; executed; "--kernel"; KernelName; "--cwd"; Folders.ofFile notebook.Path ] @ echo)
        info.RedirectStandardOutput <- true
        info.RedirectStandardError <- true
        info.Environment["JUPYTER_PATH"] <- work.FullName
        info.Environment["JUPYTER_RUNTIME_DIR"] <- Path.Combine(work.FullName, "runtime")
        info.Environment["DOTNET_gcConcurrent"] <- "0"
        match options.FiguresDir with
        | Some dir -> info.Environment[FiguresVariable] <- Directory.CreateDirectory(dir).FullName
        | None -> info.Environment.Remove FiguresVariable |> ignore
        use driverProcess = Process.Start info |> nonNull
        let progress = Text.StringBuilder()
        driverProcess.ErrorDataReceived.Add(fun e ->
            if not (isNull e.Data) then
                lock progress (fun () -> progress.AppendLine e.Data |> ignore)
                options.Echo |> Option.iter (fun w -> w.WriteLine e.Data))
        driverProcess.BeginErrorReadLine()
        let stdout = driverProcess.StandardOutput.ReadToEnd()
        driverProcess.WaitForExit()
        let result =
            match readResult stdout, File.Exists executed with
            | Some r, true -> r
            | _ -> invalidOp $"the notebook driver (nbclient under /usr/bin/python3) ended with exit code {driverProcess.ExitCode} and wrote no notebook: {progress.ToString().Trim()}"
        let done' = Ipynb.load executed
        let output = options.Output |> Option.defaultValue notebook.Path |> Path.GetFullPath
        Ipynb.save output { done' with Path = output }
        let html = Folders.withExtension ".html" output
        File.WriteAllText(html, HtmlExport.render { done' with Path = output })
        { Notebook = notebook.Path
          Output = output
          Html = html
          Figures = figuresWritten (options.FiguresDir |> Option.map Path.GetFullPath) started
          Failure = result.Failure |> Option.map (failureOf done')
          CellsRun = result.CellsRun
          Warnings = []
          StartupSeconds = result.StartupSeconds
          TotalSeconds = clock.Elapsed.TotalSeconds }
    finally
        try work.Delete true with _ -> ()
