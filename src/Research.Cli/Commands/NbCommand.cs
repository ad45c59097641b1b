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
        var output = new Option<string?>("--out")
        {
            Description = "Where the executed notebook (and its HTML export) goes: a folder, or with one notebook a file ending in .ipynb "
                + "(e.g. notebooks/results/05-tying-full.ipynb for a committed full-scale copy).",
        };
        var inPlace = new Option<bool>("--in-place") { Description = "Write the outputs into the notebook itself (committed notebooks are kept without outputs)." };
        var figures = new Option<string?>("--figures") { Description = "The folder the notebooks' charts are saved in as .svg and .png (one subfolder per notebook)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Copy each cell's progress and what it prints to the terminal as it runs." };
        var run = new Command("run", "Execute notebooks on the .NET Interactive kernel (what Polyglot Notebooks uses), stopping at the first failing cell; write the outputs and an HTML export.")
        {
            files, all, parameters, output, inPlace, figures, verbose,
        };
        run.SetAction(parse => UserErrors.Report("nb run", () =>
        {
            var paths = NotebookPaths(parse.GetValue(files) ?? [], parse.GetValue(all));
            if (paths.Count == 0)
            {
                Console.Error.WriteLine("research nb run: give notebook files or --all");
                return 2;
            }
            var outArgument = parse.GetValue(output);
            if ((outArgument is null) == !parse.GetValue(inPlace))
                throw new ArgumentException(outArgument is null
                    ? "research nb run: give --out DIR (or --out FILE.ipynb) for the executed notebook, or --in-place to write the outputs into the notebook itself"
                    : $"research nb run: --out {outArgument} and --in-place both given: choose one");
            var outFile = outArgument is not null && outArgument.EndsWith(".ipynb", StringComparison.Ordinal);
            if (outFile && paths.Count > 1)
                throw new ArgumentException($"--out {outArgument} names one notebook file, but {paths.Count} notebooks are to run: give a folder");
            var overrides = Pairs(parse.GetValue(parameters) ?? []);
            var echo = parse.GetValue(verbose);
            var failed = 0;
            foreach (var path in paths)
            {
                var figuresDir = parse.GetValue(figures);
                var stem = Path.GetFileNameWithoutExtension(path);
                var target = outArgument is null ? null : outFile ? outArgument : Path.Combine(outArgument, Path.GetFileName(path));
                var options = new RunOptions(
                    ListModule.OfSeq(overrides),
                    target is null ? FSharpOption<string>.None : target,
                    figuresDir is null ? FSharpOption<string>.None : Path.Combine(figuresDir, stem),
                    echo ? FSharpOption<TextWriter>.Some(Console.Out) : FSharpOption<TextWriter>.None);
                Console.WriteLine($"running {path}");
                var result = KernelRunner.run(options, path);
                foreach (var warning in result.Warnings) Console.Error.WriteLine($"  warning: {warning}");
                if (result.Failure is { } failure)
                {
                    failed++;
                    Console.Error.WriteLine($"  FAILED: {path}: {failure.Value}");
                }
                Console.WriteLine($"  {(result.Succeeded ? "ok" : "failed")}: {result.CellsRun} cells in {result.TotalSeconds:F1} s (kernel start-up {result.StartupSeconds:F1} s) -> {result.Output}, {result.Html}");
                foreach (var figure in result.Figures) Console.WriteLine($"  figure: {figure}");
            }
            return failed == 0 ? 0 : 1;
        }));
        var command = new Command("nb", "Notebooks: run Polyglot F# notebooks headless.") { run };
        return command;
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
