/// Polyglot Notebooks' kernel (and dotnet-repl) load FSharp.Core 10.0.0, older than the 10.1 the kit is built
/// against, so .NET refuses the kit's F# assemblies there ("Could not load file or assembly 'FSharp.Core,
/// Version=10.1.0.0'"). The kit uses nothing new in 10.1: it answers that failed load with the FSharp.Core the host
/// already has (STACK.md: the same answer made Plotly.NET and Deedle work in both hosts). Where the host's
/// FSharp.Core is new enough (the `research` CLI, the tests) the load never fails and this never runs.
/// The code here runs before FSharp.Core resolves, so it uses only .NET types: no F# lists, options or closures.
module internal Research.Fsx.FSharpCoreRedirect

open System
open System.Reflection
open System.Runtime.Loader

let private isFSharpCore (name: string | null) = String.Equals(name, "FSharp.Core", StringComparison.Ordinal)

let private loaded (_: AssemblyLoadContext) (wanted: AssemblyName) : Assembly | null =
    let mutable found: Assembly | null = null
    if isFSharpCore wanted.Name then
        for assembly in AppDomain.CurrentDomain.GetAssemblies() do
            if isNull found && isFSharpCore (assembly.GetName().Name) then found <- assembly
    found

let mutable private installed = false

/// Installs the answer once per process.
let install () =
    if not installed then
        installed <- true
        AssemblyLoadContext.Default.add_Resolving (Func<AssemblyLoadContext, AssemblyName, Assembly | null>(loaded))
