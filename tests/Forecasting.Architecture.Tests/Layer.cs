using System.Reflection;
using System.Xml.Linq;

namespace Forecasting.Architecture.Tests;

/// <summary>One project of the layering, what it may reference and what it must not.</summary>
/// <param name="Project">The project folder under src/ (also its assembly, unless <paramref name="Assembly"/> says otherwise).</param>
/// <param name="Projects">The only projects it may reference directly.</param>
/// <param name="Forbidden">Names (and dotted prefixes, case-sensitive) of assemblies and packages it must not reference: its
/// compiled references and its project file's package references (a shared-framework reference is judged by what the
/// assembly actually references).</param>
internal sealed record Layer(string Project, string[] Projects, string[] Forbidden, string? Assembly = null)
{
    public string AssemblyName => Assembly ?? Project;

    /// <summary>Every breach of the rules in a project file and an assembly's references, one line each (empty: none).</summary>
    public IReadOnlyList<string> Breaches(XDocument projectFile, IEnumerable<AssemblyName> references)
    {
        var breaches = new List<string>();
        foreach (var reference in projectFile.Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
        {
            string name = Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/'));
            if (!Projects.Contains(name, StringComparer.Ordinal))
            {
                breaches.Add($"{Project}.csproj references project {name}; allowed: {(Projects.Length == 0 ? "none" : string.Join(", ", Projects))}");
            }
        }

        foreach (var package in projectFile.Descendants().Where(e => e.Name.LocalName == "PackageReference"))
        {
            string name = package.Attribute("Include")!.Value;
            if (IsForbidden(name))
            {
                breaches.Add($"{Project}.csproj references {package.Name.LocalName} {name}");
            }
        }

        foreach (var reference in references)
        {
            if (IsForbidden(reference.Name!))
            {
                breaches.Add($"{AssemblyName}.dll references assembly {reference.Name}");
            }
        }

        return breaches;
    }

    private bool IsForbidden(string name) => Forbidden.Any(f => name.Equals(f, StringComparison.Ordinal) || name.StartsWith(f + ".", StringComparison.Ordinal));
}
