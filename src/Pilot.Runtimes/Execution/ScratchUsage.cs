namespace Pilot.Runtimes.Execution;

/// <summary>How many bytes the files under a directory take (what a quota would count; the filesystem has none per attempt).</summary>
internal static class ScratchUsage
{
    private static readonly EnumerationOptions Everything = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
    };

    public static long Bytes(string directory)
    {
        try
        {
            return new DirectoryInfo(directory).EnumerateFiles("*", Everything).Sum(SizeOf);
        }
        catch (DirectoryNotFoundException)
        {
            return 0;
        }
    }

    private static long SizeOf(FileInfo file)
    {
        try
        {
            return file.Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
