global using Microsoft.AspNetCore.Http.HttpResults;
global using Rollout.Common;
global using Rollout.Storage;
