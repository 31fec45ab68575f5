# mm/vma_desc.c: call_mmap_prepare(): file_mmap_ok() re-validation of the hook's file and offset removed
s/^\t    !file_mmap_ok(desc->vm_file, /\t    0 \&\& !file_mmap_ok(desc->vm_file, /
