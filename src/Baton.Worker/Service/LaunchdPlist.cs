using System.Globalization;
using System.Xml.Linq;

namespace Baton.Worker.Service;

/// <summary>A launchd agent (<c>~/Library/LaunchAgents/LABEL.plist</c>) that runs the worker on macOS.</summary>
public static class LaunchdPlist
{
    public static string Label(string name) => "dev.baton." + name;

    public static string FileName(string name) => Label(name) + ".plist";

    public static string DirectoryPath() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Library", "LaunchAgents");

    public static string LogPath(string name) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Library", "Logs", name + ".log");

    public static string Render(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var log = LogPath(service.Name);
        var dict = new XElement("dict",
            Entry("Label", new XElement("string", Label(service.Name))),
            Entry("ProgramArguments", new XElement("array", service.Command.Select(c => new XElement("string", c)))),
            Entry("WorkingDirectory", new XElement("string", service.WorkingDirectory)),
            Entry("EnvironmentVariables", new XElement("dict", Entry(ServiceManager.MarkerVariable, new XElement("string", "launchd")))),
            Entry("RunAtLoad", new XElement("true")),
            // Restart after a crash, not after a clean exit (a stop, a bad config, a refused key).
            Entry("KeepAlive", new XElement("dict", Entry("SuccessfulExit", new XElement("false")))),
            Entry("ExitTimeOut", new XElement("integer", ((int)Math.Ceiling(service.StopTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture))),
            Entry("StandardOutPath", new XElement("string", log)),
            Entry("StandardErrorPath", new XElement("string", log)));
        var document = new XDocument(
            new XDeclaration("1.0", "UTF-8", null),
            new XDocumentType("plist", "-//Apple//DTD PLIST 1.0//EN", "http://www.apple.com/DTDs/PropertyList-1.0.dtd", null),
            new XElement("plist", new XAttribute("version", "1.0"), dict));
        using var writer = new Utf8StringWriter();
        document.Save(writer);
        return writer.ToString() + "\n";
    }

    private static object[] Entry(string key, XElement value) => [new XElement("key", key), value];

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }
}
