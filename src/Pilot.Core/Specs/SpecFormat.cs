namespace Pilot.Core.Specs;

public enum SpecFormat
{
    Json,
    Yaml,
}
