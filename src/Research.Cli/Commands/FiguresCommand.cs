using System.CommandLine;
using Microsoft.FSharp.Collections;
using Research.Fsx;

namespace Research.Cli.Commands;

/// <summary><c>research figures</c>: Vega-Lite specs to SVG and PNG, headless.</summary>
[CliCommand]
internal static class FiguresCommand
{
    private const string SpecExtension = ".vl.json";

    internal static Command Create()
    {
        var inputs = new Argument<string[]>("specs") { Description = $"Vega-Lite spec files ({SpecExtension}) or folders holding them.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Folder for the SVG and PNG files (default: next to each spec)." };
        var noPng = new Option<bool>("--no-png") { Description = "Write SVG only." };
        var scale = new Option<double>("--png-scale") { Description = "PNG pixels per SVG pixel.", DefaultValueFactory = _ => 2.0 };
        var command = new Command("figures", "Render Vega-Lite charts (saved by Chart.save or by notebook runs) to SVG with node + vega, and to PNG with rsvg-convert.")
        {
            inputs, output, noPng, scale,
        };
        command.SetAction(parse => UserErrors.Report("figures", () =>
        {
            var specs = Specs(parse.GetValue(inputs)!);
            if (specs.Count == 0)
            {
                Console.Error.WriteLine($"research figures: no {SpecExtension} files in {string.Join(", ", parse.GetValue(inputs)!)}");
                return 2;
            }
            if (Figures.unavailableReason() is { } reason)
            {
                Console.Error.WriteLine($"research figures: {reason.Value}");
                return 1;
            }
            var outDir = parse.GetValue(output);
            var pairs = specs.Select(spec =>
            {
                var stem = Path.GetFileName(spec)[..^SpecExtension.Length];
                var dir = outDir ?? Path.GetDirectoryName(Path.GetFullPath(spec))!;
                Directory.CreateDirectory(dir);
                return Tuple.Create(spec, Path.Combine(dir, stem + ".svg"));
            }).ToList();
            Figures.renderSvgFiles(ListModule.OfSeq(pairs));
            foreach (var (_, svg) in pairs)
            {
                Console.WriteLine(svg);
                if (parse.GetValue(noPng)) continue;
                var png = Path.ChangeExtension(svg, ".png");
                Figures.svgToPng(parse.GetValue(scale), svg, png);
                Console.WriteLine(png);
            }
            return 0;
        }));
        return command;
    }

    private static List<string> Specs(IEnumerable<string> inputs) =>
        inputs.SelectMany<string, string>(input =>
                Directory.Exists(input) ? Directory.GetFiles(input, "*" + SpecExtension, SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                : File.Exists(input) ? [input]
                : throw new FileNotFoundException($"{Path.GetFullPath(input)} is neither a spec file nor a folder", input))
            .Where(p => p.EndsWith(SpecExtension, StringComparison.Ordinal))
            .Select(CheckedSpec)
            .ToList();

    // node would fail on a broken spec too, but with its own multi-line report; this names the file in one line.
    private static string CheckedSpec(string path)
    {
        try
        {
            using var spec = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            if (spec.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
                throw new InvalidDataException($"{Path.GetFullPath(path)}: a Vega-Lite spec is a JSON object, found {spec.RootElement.ValueKind}");
            return path;
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{Path.GetFullPath(path)}: not valid JSON (line {e.LineNumber + 1}), so not a Vega-Lite spec");
        }
    }
}
