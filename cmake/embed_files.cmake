# coordlab_embed_files(TARGET NAMESPACE FUNCTION FILES...) generates a C++ source that returns the given
# text files as {relative name, contents} pairs, so the lab needs no file access at run time.
function(coordlab_embed_files target function_name base_dir)
  set(output "${CMAKE_CURRENT_BINARY_DIR}/${function_name}.cpp")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND "${CMAKE_COMMAND}" -DOUTPUT=${output} -DFUNCTION=${function_name} -DBASE=${base_dir}
            "-DFILES=${ARGN}" -P "${PROJECT_SOURCE_DIR}/cmake/embed_files_run.cmake"
    DEPENDS ${ARGN} "${PROJECT_SOURCE_DIR}/cmake/embed_files_run.cmake"
    COMMENT "Embedding ${function_name}"
    VERBATIM)
  target_sources(${target} PRIVATE "${output}")
endfunction()
