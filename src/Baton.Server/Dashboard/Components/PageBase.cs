using Microsoft.AspNetCore.Components;

namespace Baton.Server.Dashboard.Components;

/// <summary>A dashboard page: its <see cref="Chrome"/> and its model, both given by <see cref="DashboardView"/>.</summary>
public abstract class PageBase<TModel> : ComponentBase
{
    [Parameter, EditorRequired]
    public Chrome Chrome { get; set; } = null!;

    [Parameter]
    public TModel Model { get; set; } = default!;
}
