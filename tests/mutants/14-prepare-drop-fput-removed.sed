# mm/vma_desc.c: call_mmap_prepare(): drop_file no longer puts the file a failing hook handed over
s/^\t\tfput(desc->vm_file);$/\t\t(void)0;/
