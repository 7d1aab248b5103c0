using System.CommandLine;
using System.Globalization;

namespace Pilot.CommandLine;

/// <summary>
/// The options of a daemon verb, each declared once with the configuration key it sets; one loop turns the given
/// ones into settings. Options left out set nothing, so configuration files and environment variables still apply.
/// </summary>
internal sealed class ConfigurationOptions(string section)
{
    private readonly List<(Option Option, Func<ParseResult, IEnumerable<KeyValuePair<string, string?>>> Settings)> _table = [];

    public void AddTo(Command command)
    {
        foreach (var (option, _) in _table)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>An option setting <c>section:name</c>; a list sets <c>section:name:0</c>, <c>:1</c>, ...</summary>
    public void Add<T>(Option<T> option, string name) => AddKey(option, $"{section}:{name}");

    /// <summary>An option setting a key outside the section.</summary>
    public void AddKey<T>(Option<T> option, string key) =>
        _table.Add((option, parse => parse.GetValue(option) switch
        {
            string[] values => values.Select((value, i) => KeyValuePair.Create($"{key}:{i}", (string?)value)),
            var value => [KeyValuePair.Create(key, ToConfig(value))],
        }));

    public Dictionary<string, string?> Settings(ParseResult parse) =>
        _table.SelectMany(entry => entry.Settings(parse)).Where(setting => setting.Value is not null).ToDictionary();

    /// <summary>The form configuration binding reads back; a flag not given is left out rather than set to false.</summary>
    private static string? ToConfig(object? value) => value switch
    {
        bool flag => flag ? "true" : null,
        TimeSpan duration => DurationOption.ToConfig(duration),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString(),
    };
}
