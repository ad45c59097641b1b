using System.CommandLine;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Research.Fsx.Notebooks;

namespace Research.Cli.Commands;

/// <summary><c>research nb run</c>: runs Polyglot F# notebooks headless, like papermill.</summary>
[CliCommand]
internal static class NbCommand
{
    internal static Command Create()
    {
        var files = new Argument<string[]>("notebooks") { Description = "The .ipynb files to run.", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Run every notebook under notebooks/." };
        var parameters = new Option<string[]>("--parameter", "-p")
        {
            Description = "Override a value of the cell tagged 'parameters': -p scale full -p seeds 1,2,3 (repeatable).",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string?>("--out") { Description = "Write the executed notebooks (and their HTML export) to this folder instead of in place." };
        var figures = new Option<string?>("--figures") { Description = "Save each displayed chart as .svg and .png in this folder (one subfolder per notebook)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Copy what the cells print to the terminal as they run." };
        var kernel = new Option<string>("--kernel")
        {
            Description = "fsi: the kit's F# Interactive runner (saves charts as figures); dotnet-interactive: the .NET Interactive kernel that Polyglot uses, driven by nbclient.",
            DefaultValueFactory = _ => "fsi",
        };
        kernel.AcceptOnlyFromAmong("fsi", "dotnet-interactive");
        var run = new Command("run", "Execute the F# cells of notebooks in order (stopping at the first failing cell), write the outputs back and an HTML export alongside.")
        {
            files, all, parameters, output, figures, verbose, kernel,
        };
        run.SetAction(parse => UserErrors.Report("nb run", () =>
        {
            var paths = NotebookPaths(parse.GetValue(files) ?? [], parse.GetValue(all));
            if (paths.Count == 0)
            {
                Console.Error.WriteLine("research nb run: give notebook files or --all");
                return 2;
            }
            var overrides = Pairs(parse.GetValue(parameters) ?? []);
            var echo = parse.GetValue(verbose);
            using var bar = ShowTrainingBar(echo);
            var failed = 0;
            foreach (var path in paths)
            {
                var outDir = parse.GetValue(output);
                var figuresDir = parse.GetValue(figures);
                var stem = Path.GetFileNameWithoutExtension(path);
                var options = new NotebookRunner.RunOptions(
                    ListModule.OfSeq(overrides),
                    outDir is null ? FSharpOption<string>.None : Path.Combine(outDir, Path.GetFileName(path)),
                    figuresDir is null ? FSharpOption<string>.None : Path.Combine(figuresDir, stem),
                    echo ? FSharpOption<TextWriter>.Some(Console.Out) : FSharpOption<TextWriter>.None);
                Console.WriteLine($"running {path}");
                var result = parse.GetValue(kernel) == "dotnet-interactive" ? KernelRunner.run(options, path) : NotebookRunner.run(options, path);
                foreach (var warning in result.Warnings) Console.Error.WriteLine($"  warning: {warning}");
                if (result.Failure is { } failure)
                {
                    failed++;
                    Console.Error.WriteLine($"  FAILED: {failure.Value}");
                }
                Console.WriteLine($"  {(result.Succeeded ? "ok" : "failed")}: {result.CellsRun} cells in {result.TotalSeconds:F1} s (start-up {result.StartupSeconds:F2} s) -> {result.Output}, {result.Html}");
            }
            return failed == 0 ? 0 : 1;
        }));
        var command = new Command("nb", "Notebooks: run Polyglot F# notebooks headless.") { run };
        return command;
    }

    /// <summary>In a terminal (and unless the cells' text is echoed), training in notebooks also shows as a live
    /// bar; the notebook itself still gets throttled text lines.</summary>
    internal static IDisposable? ShowTrainingBar(bool echo)
    {
        if (echo || Console.IsOutputRedirected) return null;
        var bar = TrainingProgressBar.On(Console.Out);
        AppContext.SetData(Research.Fsx.Progress.HostKey, bar);
        return new Unregister(bar);
    }

    private sealed class Unregister(TrainingProgressBar bar) : IDisposable
    {
        public void Dispose()
        {
            AppContext.SetData(Research.Fsx.Progress.HostKey, null);
            bar.Dispose();
        }
    }

    private static List<string> NotebookPaths(string[] files, bool all)
    {
        var paths = files.ToList();
        if (all)
        {
            if (!Directory.Exists("notebooks"))
                throw new DirectoryNotFoundException($"--all runs notebooks/*.ipynb, but {Path.GetFullPath("notebooks")} does not exist");
            paths.AddRange(Directory.GetFiles("notebooks", "*.ipynb").Order(StringComparer.Ordinal));
        }
        return paths;
    }

    private static List<Tuple<string, string>> Pairs(string[] values)
    {
        if (values.Length % 2 != 0)
            throw new ArgumentException($"-p takes a name and a value, got {values.Length} words: {string.Join(' ', values)}");
        return Enumerable.Range(0, values.Length / 2).Select(i => Tuple.Create(values[2 * i], values[2 * i + 1])).ToList();
    }
}
