using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Pilot.Core;

/// <summary>
/// Bounds of a duration setting, written <c>[d.]hh:mm:ss[.fff]</c>. <c>[Range(typeof(TimeSpan), ...)]</c> finds its
/// type converter by reflection, which the Native AOT agent does not have; this parses once and compares.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DurationRangeAttribute(string minimum, string maximum) : ValidationAttribute
{
    public string Minimum { get; } = minimum;

    public string Maximum { get; } = maximum;

    private TimeSpan Lowest { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    private TimeSpan Highest { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    /// <summary>An unset (null) duration is valid, as with <see cref="RangeAttribute"/>.</summary>
    public override bool IsValid(object? value) => value is not TimeSpan duration || (duration >= Lowest && duration <= Highest);

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.InvariantCulture, "The field {0} must be between {1} and {2}.", name, Minimum, Maximum);
}
