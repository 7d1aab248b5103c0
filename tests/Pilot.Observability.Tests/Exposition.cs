using System.Globalization;

namespace Pilot.Observability.Tests;

/// <summary>A Prometheus text exposition as scraped, with its sample names and values for assertions.</summary>
internal sealed record Exposition(string Text)
{
    public static async Task<Exposition> ScrapeAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return new Exposition(await http.GetStringAsync(url));
    }

    public IEnumerable<string> Samples => Text.Split('\n').Where(line => line.Length > 0 && line[0] != '#');

    public IReadOnlySet<string> SampleNames => Samples.Select(line => line[..line.IndexOfAny(['{', ' '])]).ToHashSet();

    /// <summary>The value of the first sample of <paramref name="name"/> whose labels contain every one of <paramref name="labels"/>.</summary>
    public double? Value(string name, params string[] labels) =>
        Samples
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is '{' or ' ')
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .Select(line => (double?)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .FirstOrDefault();
}
