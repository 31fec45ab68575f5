# mm/vma.c: __mmap_region(): a lower ->mmap() does not run with the credentials the stacking hook recorded
/^\t\t\/\* A stacking file's hook left the mapping to its lower file. \*\/$/,/^\t\terror = f_op->mmap(file, vma);$/s/^\t\t\told_cred = override_creds(cred);$/\t\t\told_cred = override_creds(old_cred);/
