using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

// A payload with the behaviours tests need, hostile ones included. One mode per run: MODE [ARG].
var mode = args.ElementAtOrDefault(0) ?? "help";
var argument = args.ElementAtOrDefault(1);
double Seconds() => double.Parse(argument ?? "1", CultureInfo.InvariantCulture);

switch (mode)
{
    case "echo":
        Console.WriteLine(string.Join(' ', args.Skip(1)));
        return 0;
    case "stderr":
        Console.Error.WriteLine(string.Join(' ', args.Skip(1)));
        return 0;
    case "exit":
        Console.WriteLine($"exiting with {argument}");
        return int.Parse(argument ?? "1", CultureInfo.InvariantCulture);
    case "env":
        Console.WriteLine($"{argument}={Environment.GetEnvironmentVariable(argument ?? "")}");
        return 0;
    case "pwd":
        Console.WriteLine(Environment.CurrentDirectory);
        return 0;
    case "sleep":
        Console.WriteLine($"sleeping {Seconds()} s as pid {Environment.ProcessId}");
        Thread.Sleep(TimeSpan.FromSeconds(Seconds()));
        Console.WriteLine("woke up");
        return 0;
    case "ignore-sigterm":
        using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; Console.WriteLine("ignoring SIGTERM"); }))
        {
            Console.WriteLine($"ignoring SIGTERM for {Seconds()} s as pid {Environment.ProcessId}");
            Thread.Sleep(TimeSpan.FromSeconds(Seconds()));
        }

        return 0;
    case "checkpoint":
        using (var stop = new ManualResetEventSlim())
        using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); }))
        {
            Console.WriteLine("working; SIGTERM saves a checkpoint");
            if (stop.Wait(TimeSpan.FromSeconds(Seconds())))
            {
                File.WriteAllText("checkpoint", "state");
                Console.WriteLine("checkpoint saved");
                return 0;
            }
        }

        return 0;
    case "fork-grandchild":
        // Starts a daemon in its own session, as a badly behaved payload would, then exits at once.
        var daemon = Process.Start(new ProcessStartInfo("setsid", ["sleep", argument ?? "300"]) { UseShellExecute = false });
        Console.WriteLine($"left a daemon behind: pid {daemon!.Id}");
        return 0;
    case "daemon-and-sleep":
        // Leaves a daemon in its own session, then keeps running itself: what a killed pilot leaves orphaned.
        var orphan = Process.Start(new ProcessStartInfo("setsid", ["sleep", "300"]) { UseShellExecute = false });
        Console.WriteLine($"daemon pid {orphan!.Id}; sleeping {Seconds()} s as pid {Environment.ProcessId}");
        Thread.Sleep(TimeSpan.FromSeconds(Seconds()));
        return 0;
    case "flood":
        var total = long.Parse(argument ?? "10485760", CultureInfo.InvariantCulture);
        var line = new string('x', 1023) + "\n";
        using (var stdout = Console.OpenStandardOutput())
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(line);
            for (long written = 0; written < total; written += bytes.Length)
            {
                stdout.Write(bytes, 0, (int)Math.Min(bytes.Length, total - written));
            }
        }

        return 0;
    case "alloc":
        var megabytes = int.Parse(argument ?? "100", CultureInfo.InvariantCulture);
        var blocks = new List<byte[]>();
        for (var i = 0; i < megabytes; i++)
        {
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)1);
            blocks.Add(block);
        }

        Console.WriteLine($"allocated {blocks.Count} MB");
        return 0;
    case "fill-disk":
        var size = long.Parse(argument ?? "100", CultureInfo.InvariantCulture) * 1024 * 1024;
        using (var file = File.Create("filler"))
        {
            var chunk = new byte[1024 * 1024];
            for (long written = 0; written < size; written += chunk.Length)
            {
                file.Write(chunk);
            }
        }

        Console.WriteLine("filled");
        return 0;
    default:
        Console.Error.WriteLine("modes: echo, stderr, exit N, env NAME, pwd, sleep S, ignore-sigterm S, checkpoint S, fork-grandchild S, daemon-and-sleep S, flood BYTES, alloc MB, fill-disk MB");
        return 64;
}
