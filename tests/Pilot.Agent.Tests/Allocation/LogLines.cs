using Microsoft.Extensions.Logging;

namespace Pilot.Agent.Tests.Allocation;

/// <summary>Keeps what was logged, so a test can check that a person would be told what happened.</summary>
internal sealed class LogLines<T> : ILogger<T>
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Add($"{logLevel}: {formatter(state, exception)}");
}
