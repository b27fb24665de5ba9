#ifndef GOVREPORT_SERVER_BUILD_INFO_H_
#define GOVREPORT_SERVER_BUILD_INFO_H_

// What build a binary is, stamped at build time: the servers print it for
// --version and export it as govreport_build_info (server/observability.h).

namespace govreport {

// The project's version (CMakeLists.txt's project VERSION), e.g. "0.1.0".
const char* BuildVersion();

// The git commit the binary was built from (12 hex digits, "-dirty" when
// tracked files had changes), or "unknown" outside a git tree.
const char* BuildCommit();

}  // namespace govreport

#endif  // GOVREPORT_SERVER_BUILD_INFO_H_
