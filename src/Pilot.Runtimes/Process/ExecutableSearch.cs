namespace Pilot.Runtimes.Process;

/// <summary>Finds a program the way <c>execvp</c> would, so a missing command is a clear setup failure, not exit 127.</summary>
internal static class ExecutableSearch
{
    public static string? Find(string program, string searchPath, string workingDirectory)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.IsPathRooted(program) ? program : Path.Combine(workingDirectory, program);
            return IsExecutable(full) ? full : null;
        }

        return searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
