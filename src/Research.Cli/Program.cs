using System.CommandLine;
using System.CommandLine.Parsing;
using Research.Cli;
using Research.Cli.Commands;

var root = new RootCommand("research: train and reproduce the kit's training objectives on TorchSharp (libtorch).");
foreach (var command in CliCommandAttribute.Discover()) root.Subcommands.Add(command);
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // One line naming what is wrong, as for every other mistake in what was asked (UserErrors), not the help page.
    var path = CommandPath(parse.CommandResult);
    Console.Error.WriteLine($"{path}: {string.Join("; ", parse.Errors.Select(e => OneLine(e.Message)))} (see `{path} --help`)");
    return UserErrors.BadInput;
}
return parse.Invoke();

static string OneLine(string message) =>
    System.Text.RegularExpressions.Regex.Replace(message.ReplaceLineEndings(" "), @"\s+", " ").Trim().TrimEnd('.');

static string CommandPath(CommandResult result) =>
    result.Parent is CommandResult parent ? CommandPath(parent) + " " + result.Command.Name : "research";
