using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Pilot.CommandLine;

/// <summary>
/// A JSON settings file given with <c>--config</c> (e.g. the site's runtimes), flattened into configuration keys such as
/// <c>Pilot:Agent:SiteRuntimes:0:Name</c>; options given on the command line win over it.
/// </summary>
internal static class SettingsFile
{
    public static Dictionary<string, string?> Read(FileInfo? file)
    {
        if (file is null)
        {
            return [];
        }

        if (!file.Exists)
        {
            throw new CliException($"settings file {file.FullName} does not exist");
        }

        try
        {
            return new ConfigurationBuilder().AddJsonFile(file.FullName, optional: false).Build()
                .AsEnumerable().Where(setting => setting.Value is not null).ToDictionary();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or JsonException)
        {
            throw new CliException($"settings file {file.FullName} is not valid JSON: {e.InnerException?.Message ?? e.Message}");
        }
    }

    /// <summary>The file's settings with <paramref name="given"/> (already without the options left out) on top.</summary>
    public static IReadOnlyDictionary<string, string?> Merge(FileInfo? file, IReadOnlyDictionary<string, string?> given)
    {
        var merged = Read(file);
        foreach (var (key, value) in given)
        {
            merged[key] = value;
        }

        return merged;
    }
}
