// The capabilities a scenario container gets unless --caps says otherwise (apart from the
// backend so that the CLI's help can name them without loading a container library).

/** Capabilities granted by default; --privileged does not work everywhere (it needs CAP_SYS_RESOURCE). */
export const DEFAULT_CAPABILITIES = ['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW'];
