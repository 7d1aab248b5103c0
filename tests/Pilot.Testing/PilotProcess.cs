using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Pilot.Testing;

/// <summary>A real <c>pilot</c> process (server or agent) with its output captured for assertions and failure reports.</summary>
public sealed partial class PilotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PilotProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static PilotProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        StartProgram(Executables.Dotnet, [Executables.PilotDll, .. arguments], environment);

    /// <summary>A pilot program other than <c>dotnet pilot.dll</c>, e.g. the Native AOT <c>pilot-agent</c>.</summary>
    public static PilotProcess StartProgram(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program);
        info.Environment["Logging__Console__FormatterName"] = "simple";
        return Launch(info, arguments, environment);
    }

    /// <summary>Another real tool the test drives the way a user would (snakemake, python3), watched like a pilot process.</summary>
    public static PilotProcess StartTool(string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null) =>
        Launch(new ProcessStartInfo(program) { WorkingDirectory = workingDirectory }, arguments, environment);

    private static PilotProcess Launch(ProcessStartInfo info, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var wrapper = new PilotProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Append(e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    public void Signal(int signal) => _ = Kill(_process.Id, signal);

    public void Terminate() => Signal(15);

    public void KillHard() => _process.Kill(entireProcessTree: false);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"pilot {_process.Id} did not exit within {timeout.TotalSeconds:0} s; output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync($"--- output of pilot {_process.Id} ---\n{Output}");
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
