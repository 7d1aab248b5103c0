using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace Pilot.Runtimes.Execution;

/// <summary>
/// Starts a program with one <c>posix_spawn</c>: in a session and process group of its own, stdin from <c>/dev/null</c>,
/// stdout and stderr into one descriptor, in its working directory, every signal back to its default. glibc does the
/// set-up in the child between its <c>vfork</c> and the <c>exec</c>: no helper program runs before the payload.
/// </summary>
internal static unsafe partial class PosixSpawn
{
    private const short SetSigDefault = 0x04;
    private const short SetSigMask = 0x08;
    private const short SetSid = 0x80;
    private const int ReadOnly = 0;

    // Larger than glibc's posix_spawnattr_t (336 bytes), posix_spawn_file_actions_t (80) and sigset_t (128) on 64-bit Linux.
    private const int OpaqueBytes = 1024;

    /// <summary>glibc 2.29 and later change directory in the child; older ones (RHEL 8) need the payload wrapped in a shell that does.</summary>
    public static bool CanChangeDirectory { get; } =
        NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "posix_spawn_file_actions_addchdir_np", out _);

    /// <summary>Starts <paramref name="program"/> (searched on the pilot's PATH when it has no slash); returns its process id.</summary>
    /// <param name="directory">Where it starts; null: the pilot's own working directory.</param>
    /// <param name="input">Descriptor for stdin; -1: <c>/dev/null</c>.</param>
    /// <param name="output">Descriptor for stdout and stderr; -1: <c>/dev/null</c>.</param>
    public static int Start(string program, IReadOnlyList<string> arguments, IEnumerable<string> environment, string? directory, int input, int output)
    {
        var attributes = NativeMemory.AllocZeroed(OpaqueBytes);
        var actions = NativeMemory.AllocZeroed(OpaqueBytes);
        var signals = NativeMemory.AllocZeroed(OpaqueBytes);
        using var strings = new NativeStrings();
        try
        {
            Check(AttrInit(attributes), "posix_spawnattr_init");
            Check(FileActionsInit(actions), "posix_spawn_file_actions_init");
            Check(SigFillSet(signals) == 0 ? 0 : Marshal.GetLastPInvokeError(), "sigfillset");
            Check(AttrSetSigDefault(attributes, signals), "posix_spawnattr_setsigdefault");
            Check(SigEmptySet(signals) == 0 ? 0 : Marshal.GetLastPInvokeError(), "sigemptyset");
            Check(AttrSetSigMask(attributes, signals), "posix_spawnattr_setsigmask");
            Check(AttrSetFlags(attributes, SetSid | SetSigDefault | SetSigMask), "posix_spawnattr_setflags");
            var devNull = strings.Add("/dev/null");
            Check(input >= 0 ? AddDup2(actions, input, 0) : AddOpen(actions, 0, devNull, ReadOnly, 0), "stdin");
            Check(output >= 0 ? AddDup2(actions, output, 1) : AddOpen(actions, 1, devNull, 1, 0), "stdout");
            Check(AddDup2(actions, 1, 2), "stderr");
            if (directory is not null)
            {
                Check(AddChdir(actions, strings.Add(directory)), "posix_spawn_file_actions_addchdir_np");
            }

            var argv = strings.Array([program, .. arguments]);
            var envp = strings.Array(environment);
            int pid;
            var error = Spawnp(&pid, strings.Add(program), actions, attributes, argv, envp);
            if (error != 0)
            {
                throw new Win32Exception(error);
            }

            return pid;
        }
        finally
        {
            _ = FileActionsDestroy(actions);
            _ = AttrDestroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
        }
    }

    /// <summary>A pipe whose two ends are closed on <c>exec</c>; the child gets its end by <c>dup2</c> only.</summary>
    public static (int Read, int Write) Pipe()
    {
        var ends = stackalloc int[2];
        if (Pipe2(ends, 0x80000 /* O_CLOEXEC */) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError());
        }

        return (ends[0], ends[1]);
    }

    public static void Close(int descriptor) => _ = CloseDescriptor(descriptor);

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new Win32Exception(error, $"{call}: {new Win32Exception(error).Message}");
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_spawnp")]
    private static partial int Spawnp(int* pid, byte* file, void* actions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static partial int AttrInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static partial int AttrDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static partial int AttrSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static partial int AttrSetSigDefault(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static partial int AttrSetSigMask(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static partial int FileActionsInit(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static partial int FileActionsDestroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static partial int AddDup2(void* actions, int descriptor, int target);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    private static partial int AddOpen(void* actions, int target, byte* path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    private static partial int AddChdir(void* actions, byte* path);

    [LibraryImport("libc", EntryPoint = "sigfillset", SetLastError = true)]
    private static partial int SigFillSet(void* set);

    [LibraryImport("libc", EntryPoint = "sigemptyset", SetLastError = true)]
    private static partial int SigEmptySet(void* set);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(int* ends, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseDescriptor(int descriptor);

    /// <summary>NUL-terminated UTF-8 copies of strings, freed together.</summary>
    private sealed class NativeStrings : IDisposable
    {
        private readonly List<nint> _blocks = [];

        public byte* Add(string value)
        {
            var length = Encoding.UTF8.GetByteCount(value);
            var block = (byte*)NativeMemory.Alloc((nuint)length + 1);
            Encoding.UTF8.GetBytes(value, new Span<byte>(block, length));
            block[length] = 0;
            _blocks.Add((nint)block);
            return block;
        }

        /// <summary>A NULL-terminated array of strings, as <c>argv</c> and <c>envp</c> are.</summary>
        public byte** Array(IEnumerable<string> values)
        {
            var list = values as IReadOnlyList<string> ?? values.ToList();
            var array = (byte**)NativeMemory.Alloc((nuint)(list.Count + 1), (nuint)sizeof(byte*));
            _blocks.Add((nint)array);
            for (var i = 0; i < list.Count; i++)
            {
                array[i] = Add(list[i]);
            }

            array[list.Count] = null;
            return array;
        }

        public void Dispose()
        {
            foreach (var block in _blocks)
            {
                NativeMemory.Free((void*)block);
            }
        }
    }
}
