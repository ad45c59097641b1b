namespace Research.Fsx.Notebooks

open System
open System.IO
open FSharp.Compiler.Diagnostics
open FSharp.Compiler.Interactive.Shell

/// How one cell's code ended.
type CellEvaluation =
    /// The cell ran; its value when it has one that is not unit.
    | Evaluated of value: (obj * Type) option * warnings: string list
    /// The cell did not compile, or threw: the exception's type name, the message, the details.
    | Failed of ename: string * evalue: string * details: string list

/// One F# Interactive session (FSharp.Compiler.Service) shared by all the cells of a notebook.
type FsiSession(scriptPath: string) =
    let compilerOutput = new StringWriter()
    let session =
        let config = FsiEvaluationSession.GetDefaultConfiguration()
        // --quiet drops F# Interactive's own echo of bindings: the runner shows each cell's value itself.
        // Collectible: the code of a notebook is unloaded after it, as `reproduce` runs many in one process.
        let argv = [| "fsi"; "--noninteractive"; "--nologo"; "--quiet"; "--gui-"; "--optimize+"; "--warn:3" |]
        FsiEvaluationSession.Create(config, argv, new StringReader(""), compilerOutput, compilerOutput, collectible = true)

    static let describe (d: FSharpDiagnostic) =
        let severity = if d.Severity = FSharpDiagnosticSeverity.Error then "error" else "warning"
        $"({d.StartLine},{d.StartColumn + 1}): {severity} FS{d.ErrorNumber:D4}: {d.Message}"

    /// The file name FSI reports and resolves relative #r and #load paths against.
    member _.ScriptPath = scriptPath

    /// Defines names before the first cell (the runner's stand-ins for Polyglot's helpers).
    member _.Define(code: string) =
        match session.EvalInteractionNonThrowing(code, scriptPath) with
        | Choice1Of2 _, _ -> ()
        | Choice2Of2 e, diagnostics ->
            failwith $"the notebook prelude did not compile: {e.Message} {diagnostics |> Array.map describe |> String.concat Environment.NewLine}"

    member _.Evaluate(code: string) : CellEvaluation =
        let result, diagnostics = session.EvalInteractionNonThrowing(code, scriptPath)
        let errors, warnings =
            diagnostics |> Array.partition (fun d -> d.Severity = FSharpDiagnosticSeverity.Error)
        match result with
        // F# Interactive may report a parse error as diagnostics alone, without an exception.
        | _ when errors.Length > 0 ->
            Failed("CompilationError", $"the cell did not compile ({errors.Length} error(s))", errors |> Array.map describe |> List.ofArray)
        | Choice1Of2 value ->
            let shown =
                value
                |> Option.bind (fun v ->
                    match v.ReflectionValue with
                    | null -> None
                    | _ when v.ReflectionType = typeof<unit> -> None
                    | shown -> Some(shown, v.ReflectionType))
            Evaluated(shown, warnings |> Array.map describe |> List.ofArray)
        | Choice2Of2 e ->
            let inner = match e.InnerException with null -> e | cause -> cause
            // The frames below the cell's own code are F# Interactive's machinery.
            let machinery (line: string) =
                let l = line.TrimStart()
                l.StartsWith "at System.Reflection." || l.StartsWith "at System.RuntimeMethodHandle." || l.StartsWith "at FSharp.Compiler."
            let details = (string inner).Split('\n') |> Array.map (fun l -> l.TrimEnd()) |> Array.filter (machinery >> not)
            Failed(inner.GetType().Name, inner.Message, List.ofArray details)

    /// F# Interactive's own printing of a value (what `val it = ...` would show).
    member _.Format(value: obj, t: Type) = session.FormatValue(value, t)

    interface IDisposable with
        member _.Dispose() =
            (session :> IDisposable).Dispose()
            compilerOutput.Dispose()
