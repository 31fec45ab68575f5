# mm/vma.c: mmap_region_prepare(): the file a hook handed over is never put (leaks on success and on failure)
s/^\t\tfput(desc.vm_file);$/\t\t(void)desc;/
