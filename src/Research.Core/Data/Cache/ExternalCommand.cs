using System.Diagnostics;
using System.Text;

namespace Research.Core.Data.Cache;

/// <summary>Runs a command-line tool from a Debian package (bible, diatheke, spm_train) and returns its standard output.</summary>
public static class ExternalCommand
{
    /// <summary>Runs <paramref name="file"/> with the arguments (no shell), feeding <paramref name="stdin"/> if given.</summary>
    /// <exception cref="InvalidOperationException">The tool is not found or exits non-zero; the message names the command, the exit code and stderr.</exception>
    public static string Run(string file, IReadOnlyList<string> arguments, string? stdin = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var a in arguments) start.ArgumentList.Add(a);
        var display = $"{file} {string.Join(' ', arguments.Select(Quote))}";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{display}: the process did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{display}: cannot run '{file}' ({e.Message})", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var writer = Task.Run(() =>
            {
                // Utf8 without a byte-order mark: the tools read plain text.
                using var input = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false));
                if (stdin is not null) input.Write(stdin);
            });
            var stdout = process.StandardOutput.ReadToEnd();
            writer.Wait();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException(
                    $"{display}: expected exit code 0 but found {process.ExitCode}; stderr: {Tail(stderr.Result)}");
            return stdout;
        }
    }

    private static string Quote(string argument) => argument.Contains(' ') ? $"\"{argument}\"" : argument;

    private static string Tail(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 600 ? trimmed : "..." + trimmed[^600..];
    }
}
