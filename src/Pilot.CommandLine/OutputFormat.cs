namespace Pilot.CommandLine;

internal enum OutputFormat
{
    Table,
    Json,
}
