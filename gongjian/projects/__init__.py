"""Contract projects (契约化共建): needs, resources, projects, claims and the open hall; joint meetings."""
