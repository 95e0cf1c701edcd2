/** Said on stderr when the `handoff` command runs from the sources (see build-state.mjs). */
export const FROM_SOURCES_NOTICE: string;
