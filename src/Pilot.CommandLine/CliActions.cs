using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using Pilot.Core.Specs;
using Refit;

namespace Pilot.CommandLine;

/// <summary>Runs a verb and turns every failure into one clear line on stderr and a non-zero exit code, never a stack trace.</summary>
internal static class CliActions
{
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;

    public static Func<ParseResult, CancellationToken, Task<int>> WithServer(Func<ParseResult, ServerConnection, CancellationToken, Task<int>> action) =>
        (parse, cancellationToken) => GuardAsync(parse, async () =>
        {
            using var connection = new ServerConnection(parse);
            return await action(parse, connection, cancellationToken);
        });

    public static Func<ParseResult, CancellationToken, Task<int>> Local(Func<ParseResult, CancellationToken, Task<int>> action) =>
        (parse, cancellationToken) => GuardAsync(parse, () => action(parse, cancellationToken));

    private static async Task<int> GuardAsync(ParseResult parse, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ApiException e)
        {
            return Fail(Failed, ProblemText(e));
        }
        catch (ApiRequestException e) when (e.InnerException is HttpRequestException inner)
        {
            return Fail(Unreachable, DescribeUnreachable(parse, inner));
        }
        catch (HttpRequestException e)
        {
            return Fail(Unreachable, DescribeUnreachable(parse, e));
        }
        catch (JobSpecException e)
        {
            return Fail(Failed, e.Message);
        }
        catch (Pilot.Slurm.SlurmException e)
        {
            return Fail(Failed, e.Message);
        }
        catch (CliException e)
        {
            return Fail(Usage, e.Message);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            return Fail(Usage, $"invalid configuration: {string.Join("; ", e.Failures)}");
        }
        catch (IOException e)
        {
            return Fail(Failed, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(Failed, e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(130, "interrupted");
        }
    }

    private static string DescribeUnreachable(ParseResult parse, HttpRequestException e) =>
        e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError
            ? $"cannot reach the Pilot server at {GlobalOptions.ServerOf(parse)} ({e.Message}); start one with 'pilot server' or pass --server"
            : $"talking to the Pilot server at {GlobalOptions.ServerOf(parse)} failed: {e.Message}";

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"pilot: {message}");
        return code;
    }

    /// <summary>The server's RFC 7807 detail, which already says what was wrong and what to do.</summary>
    private static string ProblemText(ApiException e)
    {
        try
        {
            using var problem = JsonDocument.Parse(e.Content ?? "{}");
            if (problem.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's error page): fall back to the status line.
        }

        return $"the server answered {(int)e.StatusCode} {e.ReasonPhrase}";
    }
}
