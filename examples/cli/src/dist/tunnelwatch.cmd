@rem SPDX-License-Identifier: Apache-2.0
@echo off
rem tunnelwatch for Windows: the command line, as `java -jar lib\tunnelwatch.jar`, from the
rem distribution archive (bin\tunnelwatch.cmd next to lib\tunnelwatch.jar).
rem
rem   bin\tunnelwatch.cmd scan [options] FILE...
rem
rem JAVA, else JAVA_HOME, picks the java to run; TUNNELWATCH_JAVA_OPTS, when set, holds JVM options.
rem Unlike the POSIX launcher it does not stop the JIT at C1 for prefiltered scans: that is a speed
rem choice only (results never depend on it); set TUNNELWATCH_JAVA_OPTS=-XX:TieredStopAtLevel=1 for it.
setlocal
set "TW_JAR=%~dp0..\lib\tunnelwatch.jar"
if not exist "%TW_JAR%" (
  echo tunnelwatch: no %TW_JAR% 1>&2
  exit /b 3
)
set "TW_JAVA=java"
if defined JAVA_HOME set "TW_JAVA=%JAVA_HOME%\bin\java"
if defined JAVA set "TW_JAVA=%JAVA%"
"%TW_JAVA%" %TUNNELWATCH_JAVA_OPTS% -jar "%TW_JAR%" %*
exit /b %ERRORLEVEL%
