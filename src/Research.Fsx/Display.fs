namespace Research.Fsx

open System
open System.Reflection

/// One displayed value in several representations, richest first: (MIME type, content). JSON MIME types
/// (application/json, application/*+json) hold JSON text.
type MimeBundle = (string * string) list

/// HTML that is shown as is (Polyglot's HTML helper returns the same idea).
type Html =
    | Html of string
    override this.ToString() = let (Html text) = this in text

/// A value that knows how to show itself in a notebook (charts, tables).
type IDisplayable =
    abstract Bundle: MimeBundle

/// Where displayed values go: the headless runner when it hosts the session, Polyglot Notebooks when the
/// kit is loaded there, else the console as plain text (dotnet fsi scripts).
module Display =
    /// AppContext key under which a host registers an Action<string[], string[]> (MIME types, contents).
    /// It holds only BCL types, so it works whichever copy of this assembly the notebook loaded.
    [<Literal>]
    let HostKey = "Research.Notebook.Display"

    let private host () =
        match AppContext.GetData HostKey with
        | :? Action<string[], string[]> as show -> Some show
        | _ -> None

    /// Whether a headless runner hosts this session (it takes whole bundles).
    let hasHost () = (host ()).IsSome

    /// Polyglot's `DisplayAs(this string, mimeType)` when the kit runs inside a .NET Interactive kernel.
    let private polyglotDisplayAs =
        lazy
            (AppDomain.CurrentDomain.GetAssemblies()
             // In kernel 1.0 the extension lives in Microsoft.DotNet.Interactive.Formatting.
             |> Seq.filter (fun a -> (a.GetName().Name |> Option.ofObj |> Option.defaultValue "").StartsWith "Microsoft.DotNet.Interactive")
             |> Seq.tryPick (fun a ->
                 a.GetType("System.DisplayExtensions")
                 |> Option.ofObj
                 |> Option.bind (fun t ->
                     t.GetMethod("DisplayAs", BindingFlags.Public ||| BindingFlags.Static, [| typeof<string>; typeof<string> |])
                     |> Option.ofObj)))

    /// Sends a bundle to whoever displays values here.
    let show (bundle: MimeBundle) =
        if List.isEmpty bundle then invalidArg (nameof bundle) "a display bundle needs at least one MIME type, got none"
        match host () with
        | Some show -> show.Invoke(bundle |> List.map fst |> Array.ofList, bundle |> List.map snd |> Array.ofList)
        | None ->
            let pick mime = bundle |> List.tryFind (fst >> (=) mime) |> Option.map snd
            match polyglotDisplayAs.Value, pick "text/html" with
            | Some displayAs, Some html -> displayAs.Invoke(null, [| box html; box "text/html" |]) |> ignore
            | _ -> Console.Out.WriteLine(defaultArg (pick "text/plain") (snd bundle.Head))

    let html (Html text) : MimeBundle = [ "text/html", text; "text/plain", text ]

    let text (value: string) : MimeBundle = [ "text/plain", value ]

    /// Shows HTML as is.
    let showHtml (content: string) = show (html (Html content))

    /// The rich representation of a value, when it has one.
    let bundleOf (value: obj) : MimeBundle option =
        match value with
        | :? IDisplayable as d -> Some d.Bundle
        | :? Html as h -> Some(html h)
        | _ -> None

    /// Shows any value: charts and tables richly, HTML as is, anything else as F# prints it.
    let value (x: obj) = show (bundleOf x |> Option.defaultWith (fun () -> text (sprintf "%A" x)))
